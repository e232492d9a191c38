package dev.shunt.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * What one workload thread knows it has committed, for the keys it alone writes: the demo's
 * ground truth. After the migration, the new table must hold exactly this, transformed.
 */
final class Ledger {
  static final class Account {
    final String owner;
    final String email;
    final long balanceCents;

    Account(String owner, String email, long balanceCents) {
      this.owner = owner;
      this.email = email;
      this.balanceCents = balanceCents;
    }
  }

  final Map<Long, Account> accounts = new HashMap<>();
}

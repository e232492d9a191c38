package dev.shunt.write;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Key tuples compared by value, whatever Java type a driver or a parameter gave them. */
final class Keys {
  private Keys() {}

  static List<String> id(Object[] key) {
    List<String> id = new ArrayList<>(key.length);
    for (Object v : key) {
      if (v == null) id.add(null);
      else if (v instanceof Number) id.add(new BigDecimal(v.toString()).stripTrailingZeros().toPlainString());
      else id.add(v.toString());
    }
    return id;
  }
}

package dev.shunt.bench;

import java.util.ArrayList;
import java.util.List;

/** The result table: one row per figure, with its requirement and whether it is met. */
final class Report {
  enum Status { PASS, MISS, INFO, TODO }

  private static final class Row {
    final String section;
    final String figure;
    final String value;
    final String requirement;
    final Status status;

    Row(String section, String figure, String value, String requirement, Status status) {
      this.section = section;
      this.figure = figure;
      this.value = value;
      this.requirement = requirement;
      this.status = status;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private String section = "";

  void section(String name) {
    section = name;
    rows.add(new Row(name, null, null, null, null));
  }

  void info(String figure, String value) { rows.add(new Row(section, figure, value, "", Status.INFO)); }

  void check(String figure, String value, String requirement, boolean met) {
    rows.add(new Row(section, figure, value, requirement, met ? Status.PASS : Status.MISS));
  }

  void todo(String figure, String value, String requirement) {
    rows.add(new Row(section, figure, value, requirement, Status.TODO));
  }

  int missed() {
    int n = 0;
    for (Row r : rows) if (r.status == Status.MISS) n++;
    return n;
  }

  /** A Markdown table, readable as plain text too. */
  String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("| figure | measured | requirement | |\n| --- | --- | --- | --- |\n");
    for (Row r : rows) {
      if (r.figure == null) {
        sb.append("| **").append(r.section).append("** | | | |\n");
        continue;
      }
      sb.append("| ").append(r.figure).append(" | ").append(r.value).append(" | ").append(r.requirement).append(" | ")
          .append(r.status == Status.INFO ? "" : r.status.name()).append(" |\n");
    }
    return sb.toString();
  }

  static String ops(double v) { return String.format("%,.0f/s", v); }

  static String ratio(double v) { return String.format("%.3f×", v); }
}

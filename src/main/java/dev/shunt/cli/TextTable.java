package dev.shunt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain, left-aligned columns separated by two spaces; no trailing blanks. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) { rows.add(header); }

  void add(String... cells) { rows.add(cells); }

  int size() { return rows.size() - 1; }

  void print(PrintWriter out, String indent) {
    int columns = 0;
    for (String[] r : rows) columns = Math.max(columns, r.length);
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], cell(r, i).length());
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        String c = cell(r, i);
        sb.append(c);
        if (i < columns - 1) sb.append(" ".repeat(width[i] - c.length() + 2));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String cell(String[] r, int i) {
    return i < r.length && r[i] != null ? r[i] : "";
  }
}

package dev.shunt.write;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a key tuple as text for the repair queue and reads it back with its Java types, so that
 * PostgreSQL compares an integer key with an integer, not a string.
 */
public final class KeyCodec {
  private static final char SEP = '\u001f';

  private KeyCodec() {}

  public static String encode(Object[] key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length; i++) {
      if (i > 0) sb.append(SEP);
      Object v = key[i];
      if (v == null) sb.append('N');
      else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) sb.append('L').append(v);
      else if (v instanceof java.math.BigInteger) sb.append('I').append(v);
      else if (v instanceof BigDecimal || v instanceof Double || v instanceof Float) sb.append('D').append(new BigDecimal(v.toString()).toPlainString());
      else sb.append('S').append(v);
    }
    return sb.toString();
  }

  public static Object[] decode(String text) {
    List<Object> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = text.indexOf(SEP, start);
      String part = end < 0 ? text.substring(start) : text.substring(start, end);
      String v = part.substring(1);
      switch (part.charAt(0)) {
        case 'N': out.add(null); break;
        case 'L': out.add(Long.parseLong(v)); break;
        case 'I': out.add(new java.math.BigInteger(v)); break;
        case 'D': out.add(new BigDecimal(v)); break;
        default: out.add(v);
      }
      if (end < 0) break;
      start = end + 1;
    }
    return out.toArray();
  }
}

package dev.shunt.write;

/** Where one key value of an inserted row comes from: a bound parameter or a constant in the text. */
final class KeySource {
  private final int parameterIndex; // 0 when constant
  private final Object constant;

  private KeySource(int parameterIndex, Object constant) {
    this.parameterIndex = parameterIndex;
    this.constant = constant;
  }

  static KeySource parameter(int index) { return new KeySource(index, null); }

  static KeySource constant(Object value) { return new KeySource(0, value); }

  boolean isParameter() { return parameterIndex != 0; }

  Object value(BoundParameters params) {
    if (parameterIndex == 0) return constant;
    if (params == null || !params.replayable(parameterIndex)) {
      throw new IllegalStateException("key parameter " + parameterIndex + " is not bound");
    }
    return params.value(parameterIndex);
  }
}

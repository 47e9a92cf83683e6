package dev.finetune4j.testkit.huggingface;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Python's number formatting, as TRL's logs print it. */
final class PyFormat {

  private PyFormat() {
  }

  /** Python's {@code f"{v:.4g}"}: 4 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e4. */
  static String g4(double v) {
    if (v == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(v).round(new MathContext(4));
    int exponent = bd.precision() - bd.scale() - 1;
    if (exponent >= -4 && exponent < 4) {
      return strip(bd.setScale(Math.max(0, 3 - exponent), java.math.RoundingMode.HALF_EVEN).toPlainString());
    }
    String mantissa = strip(bd.movePointLeft(exponent).toPlainString());
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /** Python's {@code repr(float)}. */
  static String repr(double v) {
    if (v == 0) {
      return "0.0";
    }
    double abs = Math.abs(v);
    if (abs >= 1e-4 && abs < 1e16) {
      String plain = new BigDecimal(Double.toString(v)).toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String s = Double.toString(v); // like 1.96E-5
    int e = s.indexOf('E');
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  static double round(double v, int decimals) {
    return new BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  private static String strip(String s) {
    if (!s.contains(".")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}

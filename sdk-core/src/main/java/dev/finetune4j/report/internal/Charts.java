package dev.finetune4j.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Draws the report's charts as inline SVG: no script, no external resource. Styling is by CSS class, so the page's
 * stylesheet (and its print rules) decide colours.
 */
public final class Charts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 46;

  private Charts() {}

  /**
   * A line of a line chart.
   *
   * @param key the series' name in the JSON, written as {@code data-series}
   * @param label the legend's text
   * @param cssClass the class that colours it
   * @param xs the x values, ascending
   * @param ys the y values
   */
  public record Line(String key, String label, String cssClass, List<Double> xs, List<Double> ys) {
    /** Checks that both lists have the same size. */
    public Line {
      Objects.requireNonNull(key, "key");
      xs = List.copyOf(xs);
      ys = List.copyOf(ys);
      if (xs.size() != ys.size()) {
        throw new IllegalArgumentException("xs and ys must have the same size");
      }
    }
  }

  /**
   * A vertical marker of a line chart, such as a checkpoint.
   *
   * @param x where
   * @param label its text
   */
  public record Marker(double x, String label) {}

  /**
   * One bar of a grouped bar chart with an error bar.
   *
   * @param group the group's label (a scorer)
   * @param series the series' label (a candidate)
   * @param seriesIndex the series' position, for its colour
   * @param value the bar's height
   * @param lower the error bar's lower end
   * @param upper the error bar's upper end
   */
  public record Bar(String group, String series, int seriesIndex, double value, double lower, double upper) {}

  /**
   * Draws a line chart with axes, grid, legend and markers.
   *
   * @param title the accessible title
   * @param xLabel the x axis' label
   * @param yLabel the y axis' label
   * @param lines the lines; empty ones are left out
   * @param markers vertical markers
   * @return the SVG element
   */
  public static String lineChart(String title, String xLabel, String yLabel, List<Line> lines, List<Marker> markers) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = 0;
    double minY = Double.POSITIVE_INFINITY;
    for (Line line : lines) {
      for (double x : line.xs()) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
      for (double y : line.ys()) {
        maxY = Math.max(maxY, y);
        minY = Math.min(minY, y);
      }
    }
    for (Marker m : markers) {
      minX = Math.min(minX, m.x());
      maxX = Math.max(maxX, m.x());
    }
    if (minX == Double.POSITIVE_INFINITY) {
      minX = 0;
      maxX = 1;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    double[] yTicks = ticks(Math.min(0, minY == Double.POSITIVE_INFINITY ? 0 : minY), maxY == 0 ? 1 : maxY, 5);
    double y0 = yTicks[0];
    double y1 = yTicks[yTicks.length - 1];
    double x0 = minX >= 0 && minX <= (maxX - minX) * 0.1 ? 0 : minX;
    double x1 = maxX;
    double[] xTicks = ticks(x0, x1, 6);
    Scale sx = new Scale(x0, x1, LEFT, WIDTH - RIGHT);
    Scale sy = new Scale(y0, y1, HEIGHT - BOTTOM, TOP);

    StringBuilder svg = open(title, WIDTH, HEIGHT);
    grid(svg, sx, sy, xTicks, yTicks, xLabel, yLabel);
    for (Marker m : markers) {
      double x = sx.at(m.x());
      svg.append("<g class=\"marker\" data-step=\"").append(num(m.x())).append("\"><line x1=\"").append(num(x))
          .append("\" y1=\"").append(TOP).append("\" x2=\"").append(num(x)).append("\" y2=\"")
          .append(HEIGHT - BOTTOM).append("\"/><text class=\"tick\" x=\"").append(num(x)).append("\" y=\"")
          .append(TOP - 6).append("\" text-anchor=\"middle\">").append(label(m.x())).append("</text><title>")
          .append(Html.escape(m.label())).append("</title></g>\n");
    }
    for (Line line : lines) {
      if (line.xs().isEmpty()) {
        continue;
      }
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < line.xs().size(); i++) {
        d.append(i == 0 ? "M" : " L").append(num(sx.at(line.xs().get(i)))).append(',')
            .append(num(sy.at(line.ys().get(i))));
      }
      svg.append("<path class=\"line ").append(Html.escape(line.cssClass())).append("\" data-series=\"")
          .append(Html.escape(line.key())).append("\" data-points=\"").append(line.xs().size()).append("\" d=\"")
          .append(d).append("\"><title>").append(Html.escape(line.label())).append("</title></path>\n");
      if (line.xs().size() == 1) {
        svg.append("<circle class=\"dot ").append(Html.escape(line.cssClass())).append("\" cx=\"")
            .append(num(sx.at(line.xs().get(0)))).append("\" cy=\"").append(num(sy.at(line.ys().get(0))))
            .append("\" r=\"3\"/>\n");
      }
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * Draws a grouped bar chart from 0 to 1 with error bars.
   *
   * @param title the accessible title
   * @param yLabel the y axis' label
   * @param bars the bars, grouped by {@link Bar#group()} in the order groups first appear
   * @return the SVG element
   */
  public static String barChart(String title, String yLabel, List<Bar> bars) {
    List<String> groups = new ArrayList<>();
    int seriesCount = 0;
    for (Bar bar : bars) {
      if (!groups.contains(bar.group())) {
        groups.add(bar.group());
      }
      seriesCount = Math.max(seriesCount, bar.seriesIndex() + 1);
    }
    Scale sy = new Scale(0, 1, HEIGHT - BOTTOM, TOP);
    StringBuilder svg = open(title, WIDTH, HEIGHT);
    double[] yTicks = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
    for (double t : yTicks) {
      double y = sy.at(t);
      svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(num(y)).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
          .append("\" text-anchor=\"end\">").append(Html.fixed(t, 1)).append("</text>\n");
    }
    axisLabels(svg, "", yLabel);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double groupWidth = groups.isEmpty() ? plotWidth : plotWidth / groups.size();
    double barWidth = Math.min(48, groupWidth * 0.8 / Math.max(1, seriesCount));
    for (int g = 0; g < groups.size(); g++) {
      double groupStart = LEFT + g * groupWidth + (groupWidth - barWidth * seriesCount) / 2;
      svg.append("<text class=\"tick\" x=\"").append(num(LEFT + g * groupWidth + groupWidth / 2)).append("\" y=\"")
          .append(HEIGHT - BOTTOM + 18).append("\" text-anchor=\"middle\">").append(Html.escape(groups.get(g)))
          .append("</text>\n");
      for (Bar bar : bars) {
        if (!bar.group().equals(groups.get(g))) {
          continue;
        }
        double x = groupStart + bar.seriesIndex() * barWidth;
        double top = sy.at(clamp(bar.value()));
        double mid = x + barWidth / 2;
        svg.append("<g class=\"bar s").append(bar.seriesIndex() % 6).append("\" data-group=\"")
            .append(Html.escape(bar.group())).append("\" data-series=\"").append(Html.escape(bar.series()))
            .append("\" data-value=\"").append(bar.value()).append("\">")
            .append("<rect x=\"").append(num(x + 2)).append("\" y=\"").append(num(top)).append("\" width=\"")
            .append(num(barWidth - 4)).append("\" height=\"").append(num(sy.at(0) - top)).append("\"/>")
            .append("<line class=\"ci\" x1=\"").append(num(mid)).append("\" y1=\"").append(num(sy.at(clamp(bar.lower()))))
            .append("\" x2=\"").append(num(mid)).append("\" y2=\"").append(num(sy.at(clamp(bar.upper())))).append("\"/>")
            .append("<line class=\"ci\" x1=\"").append(num(mid - 5)).append("\" y1=\"")
            .append(num(sy.at(clamp(bar.lower())))).append("\" x2=\"").append(num(mid + 5)).append("\" y2=\"")
            .append(num(sy.at(clamp(bar.lower())))).append("\"/>")
            .append("<line class=\"ci\" x1=\"").append(num(mid - 5)).append("\" y1=\"")
            .append(num(sy.at(clamp(bar.upper())))).append("\" x2=\"").append(num(mid + 5)).append("\" y2=\"")
            .append(num(sy.at(clamp(bar.upper())))).append("\"/>")
            .append("<title>").append(Html.escape(bar.series() + ", " + bar.group() + ": " + Html.fixed(bar.value(), 3)
                + " (95% CI " + Html.fixed(bar.lower(), 3) + " to " + Html.fixed(bar.upper(), 3) + ")"))
            .append("</title></g>\n");
      }
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * Draws horizontal bars, one per row, scaled to the largest value.
   *
   * @param title the accessible title
   * @param labels the rows' labels
   * @param values the rows' values
   * @param unit the unit written after each value
   * @return the SVG element
   */
  public static String horizontalBars(String title, List<String> labels, List<Double> values, String unit) {
    int rowHeight = 28;
    int labelWidth = 170;
    int height = TOP + rowHeight * labels.size() + 10;
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    if (max <= 0) {
      max = 1;
    }
    StringBuilder svg = open(title, WIDTH, height);
    double barSpace = WIDTH - labelWidth - 120;
    for (int i = 0; i < labels.size(); i++) {
      double y = TOP + i * rowHeight;
      double w = Math.max(1, barSpace * values.get(i) / max);
      svg.append("<g class=\"bar s").append(i % 6).append("\" data-series=\"").append(Html.escape(labels.get(i)))
          .append("\" data-value=\"").append(values.get(i)).append("\">")
          .append("<text class=\"tick\" x=\"").append(labelWidth - 8).append("\" y=\"").append(num(y + 17))
          .append("\" text-anchor=\"end\">").append(Html.escape(labels.get(i))).append("</text>")
          .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(num(y + 4)).append("\" width=\"")
          .append(num(w)).append("\" height=\"").append(rowHeight - 8).append("\"/>")
          .append("<text class=\"value\" x=\"").append(num(labelWidth + w + 6)).append("\" y=\"").append(num(y + 17))
          .append("\">").append(Html.escape(Html.fixed(values.get(i), 1) + " " + unit)).append("</text></g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title, int width, int height) {
    return new StringBuilder(4096).append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
        .append("\"><title>").append(Html.escape(title)).append("</title>\n");
  }

  private static void grid(StringBuilder svg, Scale sx, Scale sy, double[] xTicks, double[] yTicks, String xLabel,
      String yLabel) {
    for (double t : yTicks) {
      double y = sy.at(t);
      svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(num(y)).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
          .append("\" text-anchor=\"end\">").append(label(t)).append("</text>\n");
    }
    for (double t : xTicks) {
      if (t < sx.from || t > sx.to) {
        continue;
      }
      double x = sx.at(t);
      svg.append("<line class=\"axis\" x1=\"").append(num(x)).append("\" y1=\"").append(HEIGHT - BOTTOM)
          .append("\" x2=\"").append(num(x)).append("\" y2=\"").append(HEIGHT - BOTTOM + 4).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(num(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
          .append("\" text-anchor=\"middle\">").append(label(t)).append("</text>\n");
    }
    svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(HEIGHT - BOTTOM)
        .append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
    axisLabels(svg, xLabel, yLabel);
  }

  private static void axisLabels(StringBuilder svg, String xLabel, String yLabel) {
    if (!xLabel.isEmpty()) {
      svg.append("<text class=\"label\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 8)
          .append("\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
    }
    svg.append("<text class=\"label\" transform=\"translate(14,").append((TOP + HEIGHT - BOTTOM) / 2)
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.escape(yLabel)).append("</text>\n");
  }

  /** Round tick values covering [from, to], about {@code count} of them. */
  static double[] ticks(double from, double to, int count) {
    double step = nice((to - from) / count);
    double start = Math.floor(from / step) * step;
    double end = Math.ceil(to / step) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] ticks = new double[n];
    for (int i = 0; i < n; i++) {
      ticks[i] = start + i * step;
    }
    return ticks;
  }

  private static double nice(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double exponent = Math.floor(Math.log10(raw));
    double fraction = raw / Math.pow(10, exponent);
    double niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return niceFraction * Math.pow(10, exponent);
  }

  private static String label(double value) {
    if (Math.abs(value - Math.rint(value)) < 1e-9) {
      return Long.toString(Math.round(value));
    }
    String s = Html.fixed(value, 3);
    return s.replaceAll("0+$", "");
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static String num(double v) {
    return Html.fixed(v, 1);
  }

  private record Scale(double from, double to, double pixelFrom, double pixelTo) {
    double at(double v) {
      return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
    }
  }
}

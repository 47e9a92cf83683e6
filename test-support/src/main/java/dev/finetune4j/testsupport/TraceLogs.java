package dev.finetune4j.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * Every logger at TRACE, captured until {@link #close()}: what the secrets suites scan. Needs logback on the test
 * class path.
 */
public final class TraceLogs implements AutoCloseable {
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level level;

  private TraceLogs() {
    events.start();
    root.addAppender(events);
    level = root.getLevel();
    root.setLevel(Level.TRACE);
  }

  /** @return every logger at TRACE, captured from now on */
  public static TraceLogs capture() {
    return new TraceLogs();
  }

  /** @return how many log events were captured */
  public int count() {
    return events.list.size();
  }

  /**
   * Hands over each captured event's formatted message and, where it has one, its stack trace.
   *
   * @param text takes where the text comes from ({@code "log <logger>"} or {@code "log stack <logger>"}) and the text
   */
  public void forEachText(BiConsumer<String, String> text) {
    for (ILoggingEvent event : events.list) {
      text.accept("log " + event.getLoggerName(), event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        text.accept("log stack " + event.getLoggerName(), ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
  }

  /** Stops capturing and puts the root logger's level back. */
  @Override
  public void close() {
    root.detachAppender(events);
    root.setLevel(level);
  }
}

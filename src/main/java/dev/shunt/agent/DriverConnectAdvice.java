package dev.shunt.agent;

import dev.shunt.jdbc.AgentConnections;
import java.sql.Connection;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a real driver's {@code connect(String, Properties)}: wraps what it returns. */
final class DriverConnectAdvice {
  private DriverConnectAdvice() {}

  @Advice.OnMethodEnter
  static int enter() {
    return AgentConnections.enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter int depthBefore, @Advice.This Object driver, @Advice.Argument(0) String url,
      @Advice.Argument(1) Properties info,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Connection connection,
      @Advice.Thrown Throwable thrown) throws Exception {
    connection = AgentConnections.exitDriver(depthBefore, driver, url, info, connection, thrown);
  }
}

package dev.shunt.agent;

import dev.shunt.jdbc.AgentConnections;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a vendor data source's {@code getConnection} (those that bypass their driver's {@code connect}). */
final class DataSourceConnectAdvice {
  private DataSourceConnectAdvice() {}

  @Advice.OnMethodEnter
  static int enter() {
    return AgentConnections.enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(@Advice.Enter int depthBefore, @Advice.This Object dataSource, @Advice.AllArguments Object[] args,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Connection connection,
      @Advice.Thrown Throwable thrown) throws Exception {
    connection = AgentConnections.exitDataSource(depthBefore, dataSource, args, connection, thrown);
  }
}

package dev.shunt.agent;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Rewrites every {@code return} of a driver's {@code Connection connect(String, Properties)} into
 * {@code return AgentConnections.afterConnect(connection, this, url, info)}.
 *
 * <p>Byte Buddy's {@code Advice} is not used here because it skips bridge methods, and MariaDB's
 * driver is reached through one: its {@code connect} returns its own {@code Connection} type, and
 * {@code DriverManager} calls the compiler-made bridge that returns {@code java.sql.Connection}.
 */
final class ConnectReturnVisitor extends AsmVisitorWrapper.AbstractBase {
  static final String NAME = "connect";
  static final String DESCRIPTOR = "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;";
  private static final String HELPER = "dev/shunt/jdbc/AgentConnections";
  private static final String HELPER_DESCRIPTOR =
      "(Ljava/sql/Connection;Ljava/lang/Object;Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;";

  @Override public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
      Implementation.Context implementationContext, TypePool typePool,
      FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods, int writerFlags, int readerFlags) {
    return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
      @Override public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        boolean target = NAME.equals(name) && DESCRIPTOR.equals(descriptor)
            && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
        return target && mv != null ? new ReturnRewriter(mv) : mv;
      }
    };
  }

  private static final class ReturnRewriter extends MethodVisitor {
    ReturnRewriter(MethodVisitor mv) { super(OpenedClassReader.ASM_API, mv); }

    @Override public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitVarInsn(Opcodes.ALOAD, 1);
        super.visitVarInsn(Opcodes.ALOAD, 2);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, "afterConnect", HELPER_DESCRIPTOR, false);
      }
      super.visitInsn(opcode);
    }

    @Override public void visitMaxs(int maxStack, int maxLocals) {
      super.visitMaxs(maxStack + 3, maxLocals);
    }
  }
}

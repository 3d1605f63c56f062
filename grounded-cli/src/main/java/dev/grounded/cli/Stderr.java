package dev.grounded.cli;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Gives the process its real stderr back. The JVM prints {@code WARNING: Using incubator modules}
 * to stderr before {@code main} whenever the Vector API module is added (Lucene's vector scoring
 * uses it), and no flag silences it; so the {@code grounded} launcher starts the JVM with stderr
 * going through a filter that drops that line and the real stderr kept as another descriptor, named
 * by {@code -Dgrounded.stderr.fd}. The first thing {@code main} does is {@code dup2} it back onto
 * descriptor 2 (which closes the filter's pipe): from then on every write, the progress bar's bare
 * carriage returns included, goes straight to the real stderr, in order, and the filter ends.
 *
 * <p>The foreign-function API is called reflectively because the code is compiled for Java 21,
 * where it is a preview; the launcher asks for this only on a JDK of 22 or later. On any failure
 * stderr stays on the filter, which passes everything but the warning.
 */
final class Stderr {
  static final String PROPERTY = "grounded.stderr.fd";

  private Stderr() {}

  static void restore() {
    String property = System.getProperty(PROPERTY);
    if (property == null) return;
    try {
      int saved = Integer.parseInt(property.strip());
      if (saved <= 2) return;
      System.err.flush();
      // the spare stays open: it is the real stderr too, and child processes do not inherit it
      int unused = (int) libc("dup2", 2).invoke(saved, 2);
    } catch (Throwable e) {
      // keep the filtered stderr: all but the warning still gets through
    }
  }

  /** A downcall handle to a libc function taking {@code arity} ints and returning an int. */
  private static MethodHandle libc(String name, int arity) throws ReflectiveOperationException {
    Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
    Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
    Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
    Object linker = linkerType.getMethod("nativeLinker").invoke(null);
    Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
    Object symbol =
        ((Optional<?>) lookupType.getMethod("find", String.class).invoke(lookup, name))
            .orElseThrow(() -> new NoSuchMethodException(name));
    Object jint = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
    Object args = Array.newInstance(layoutType, arity);
    for (int i = 0; i < arity; i++) Array.set(args, i, jint);
    Object descriptor =
        descriptorType.getMethod("of", layoutType, args.getClass()).invoke(null, jint, args);
    return (MethodHandle)
        linkerType
            .getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType())
            .invoke(linker, symbol, descriptor, Array.newInstance(optionType, 0));
  }
}

package io.switchboard.http;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The web client's files ({@code webroot/} beside this class: in the fat jar, or the build's classes folder),
 * copied once per process into a directory of its own, which the HTTP verticles serve from.
 * <p>
 * Why not serve {@code webroot} from the class path as Vert.x does: Vert.x extracts class-path files into a cache
 * directory that its {@code FileCache} deletes in a JVM shutdown hook of its own. On SIGTERM the JVM runs that hook
 * at once, beside the one that drains the node, so for the whole drain notice every file of the web client answered
 * 500, and so did any unknown path (the look-up went through the deleted cache). The node's launcher therefore turns
 * Vert.x's class-path resolving off ({@code Main}), and this copy is deleted by {@link File#deleteOnExit}, which the
 * JVM runs only after every shutdown hook, the drain included, has finished.
 */
final class WebRoot {

  private static final String FOLDER = "webroot";
  private static Path directory;

  private WebRoot() {
  }

  /** Blocking: the directory holding a copy of {@code webroot/}, made on first use. */
  static synchronized Path directory() throws IOException {
    if (directory == null) {
      Path target = Files.createTempDirectory("switchboard-webroot");
      target.toFile().deleteOnExit(); // registered first, deleted last: files before their folders
      Path source;
      try {
        source = Path.of(WebRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (URISyntaxException e) {
        throw new IOException("cannot locate " + FOLDER + "/", e);
      }
      if (Files.isDirectory(source)) {
        copy(source.resolve(FOLDER), target);
      } else {
        try (FileSystem jar = FileSystems.newFileSystem(source)) {
          copy(jar.getPath(FOLDER), target);
        }
      }
      directory = target;
    }
    return directory;
  }

  /** Copies the tree under {@code from} (a folder, or a folder of the jar) into {@code target}, marked for deletion. */
  private static void copy(Path from, Path target) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.toList();
    }
    for (Path p : paths) {
      Path to = target.resolve(from.relativize(p).toString()).normalize();
      if (!to.startsWith(target)) {
        continue; // an entry naming a place outside the copy
      }
      if (Files.isDirectory(p)) {
        Files.createDirectories(to);
      } else {
        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
      }
      to.toFile().deleteOnExit();
    }
  }
}

package org.unimo.tasks.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * File patterns as users type them for sharded data: {@code data/corpus-*.txt.gz}, {@code
 * shards/**}{@code /*.tsv}, {@code captions/part-0000[0-3].jsonl}, {@code {train,val}.jsonl}.
 *
 * <p>The syntax is the shell's: {@code *} and {@code ?} match within one name, {@code [abc]},
 * {@code [a-z]} and {@code [!abc]} one character, {@code {a,b}} either alternative, {@code **}
 * any number of directories (also none: {@code shards/**}{@code /*.tsv} includes {@code
 * shards/a.tsv}); a backslash quotes the next character. As in the shell, a wildcard does not
 * match a name's leading dot, so hidden files (such as the temporary files of an unfinished
 * write) are left out. Wildcards may appear in any name of the path; the directories before the
 * first one are taken literally.
 *
 * <p>Matches are sorted by their path string, so shards are read in the same order on every
 * machine, whatever order the file system lists them in.
 */
public final class Globs {
  private Globs() {}

  /**
   * The files of every pattern ({@link #expand}), pattern after pattern.
   *
   * @throws NoSuchFileException naming the first pattern that matches nothing
   * @throws IOException when a directory cannot be listed
   */
  public static List<Path> expandAll(List<String> patterns) throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    for (String pattern : patterns) {
      files.addAll(expand(pattern));
    }
    return files;
  }

  /**
   * The regular files {@code pattern} names: the file itself when it has no wildcard, else every
   * match, sorted.
   *
   * @throws NoSuchFileException naming the pattern when nothing matches
   * @throws IOException when a directory cannot be listed
   */
  public static List<Path> expand(String pattern) throws IOException {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("an empty file pattern");
    }
    String[] names = pattern.split("/", -1);
    int first = 0;
    while (first < names.length && !hasWildcard(names[first])) {
      first++;
    }
    if (first == names.length) {
      Path file = Path.of(unquote(pattern));
      if (Files.isRegularFile(file)) {
        return List.of(file);
      }
      throw new NoSuchFileException(
          pattern, null, Files.isDirectory(file) ? "is a directory; give a file or a pattern such as DIR/*.tsv" : "no such file");
    }
    String literal = String.join("/", List.of(names).subList(0, first));
    Path base = first == 0 ? Path.of("") : Path.of(literal.isEmpty() ? "/" : unquote(literal));
    String rest = String.join("/", List.of(names).subList(first, names.length));
    if (first > 0 && !Files.isDirectory(base)) {
      throw new NoSuchFileException(pattern, null, "no file matches: no directory " + base);
    }
    Pattern regex = Pattern.compile(regex(pattern, rest));
    int depth = rest.contains("**") ? Integer.MAX_VALUE : names.length - first;
    Path root = first == 0 ? Path.of(".") : base;
    List<Path> matches = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, depth)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        Path relative = root.relativize(path);
        String name = relative.toString().replace('\\', '/');
        if (!name.isEmpty() && regex.matcher(name).matches() && Files.isRegularFile(path)) {
          matches.add(base.resolve(relative));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause(); // a directory below that cannot be listed
    }
    if (matches.isEmpty()) {
      throw new NoSuchFileException(pattern, null, "no file matches");
    }
    matches.sort(Comparator.comparing(Path::toString));
    return List.copyOf(matches);
  }

  private static boolean hasWildcard(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[' || c == '{') {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String literal) {
    return literal.replaceAll("\\\\(.)", "$1");
  }

  /** The regular expression of {@code glob} (relative names joined by '/'). */
  private static String regex(String pattern, String glob) {
    StringBuilder out = new StringBuilder();
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      boolean nameStart = i == 0 || glob.charAt(i - 1) == '/';
      if (nameStart && (c == '*' || c == '?' || c == '[')) {
        out.append("(?!\\.)");
      }
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        if (!nameStart || (i + 2 < glob.length() && glob.charAt(i + 2) != '/')) {
          throw new IllegalArgumentException(pattern + ": ** must be a whole name, as in shards/**/*.tsv");
        }
        if (i + 2 == glob.length()) {
          out.append("(?:(?!\\.)[^/]*/)*(?!\\.)[^/]*"); // a trailing ** matches every visible file below
          i += 2;
        } else {
          out.append("(?:(?!\\.)[^/]*/)*"); // **/ : none, one or more visible directories
          i += 3;
        }
        continue;
      }
      switch (c) {
        case '*' -> out.append("[^/]*");
        case '?' -> out.append("[^/]");
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            throw new IllegalArgumentException(pattern + ": '[' without a closing ']'");
          }
          String set = glob.substring(i + 1, close);
          boolean negated = set.startsWith("!");
          if (negated) {
            set = set.substring(1);
          }
          out.append('[').append(negated ? "^/" : "");
          for (char s : set.toCharArray()) {
            out.append(s == '-' ? "-" : Character.isLetterOrDigit(s) ? String.valueOf(s) : "\\" + s);
          }
          out.append(']');
          i = close;
        }
        case '{' -> {
          if (inGroup) {
            throw new IllegalArgumentException(pattern + ": nested '{' is not supported");
          }
          inGroup = true;
          out.append("(?:");
        }
        case '}' -> {
          if (!inGroup) {
            throw new IllegalArgumentException(pattern + ": '}' without '{'");
          }
          inGroup = false;
          out.append(')');
        }
        case ',' -> out.append(inGroup ? "|" : ",");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            i++;
            out.append(Pattern.quote(String.valueOf(glob.charAt(i))));
          }
        }
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    if (inGroup) {
      throw new IllegalArgumentException(pattern + ": '{' without a closing '}'");
    }
    return out.toString();
  }
}

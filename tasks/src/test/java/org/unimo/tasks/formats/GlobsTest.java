package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobsTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    for (String name :
        List.of(
            "corpus-2.txt.gz", "corpus-10.txt.gz", "corpus-1.txt.gz", "corpus-1.txt", ".corpus-3.txt.gz",
            "shards/a.tsv", "shards/x/b.tsv", "shards/x/y/c.tsv", "shards/x/c.txt", "shards/.hidden/d.tsv",
            "train.jsonl", "val.jsonl", "test.jsonl")) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, name);
    }
  }

  private List<String> expand(String pattern) throws Exception {
    return Globs.expand(dir + "/" + pattern).stream().map(p -> dir.relativize(p).toString()).toList();
  }

  @Test
  void aPlainPathIsItself() throws Exception {
    assertThat(Globs.expand(dir.resolve("train.jsonl").toString())).containsExactly(dir.resolve("train.jsonl"));
  }

  @Test
  void aWildcardInTheNameMatchesVisibleFilesSortedByPath() throws Exception {
    assertThat(expand("corpus-*.txt.gz")).containsExactly("corpus-1.txt.gz", "corpus-10.txt.gz", "corpus-2.txt.gz");
    assertThat(expand("corpus-?.txt*")).containsExactly("corpus-1.txt", "corpus-1.txt.gz", "corpus-2.txt.gz");
    assertThat(expand("corpus-[12].txt.gz")).containsExactly("corpus-1.txt.gz", "corpus-2.txt.gz");
    assertThat(expand("corpus-[!1].txt.gz")).containsExactly("corpus-2.txt.gz");
    assertThat(expand("{train,val}.jsonl")).containsExactly("train.jsonl", "val.jsonl");
  }

  @Test
  void doubleStarSpansNoneOneOrMoreDirectories() throws Exception {
    assertThat(expand("shards/**/*.tsv")).containsExactly("shards/a.tsv", "shards/x/b.tsv", "shards/x/y/c.tsv");
    assertThat(expand("shards/**")).containsExactly("shards/a.tsv", "shards/x/b.tsv", "shards/x/c.txt", "shards/x/y/c.tsv");
    assertThat(expand("shards/*/*.tsv")).containsExactly("shards/x/b.tsv");
    assertThat(expand("*/x/*.t?t")).containsExactly("shards/x/c.txt");
  }

  @Test
  void aRelativePatternGivesRelativePaths() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path relative = cwd.relativize(dir.resolve("shards"));
    assertThat(Globs.expand(relative + "/*.tsv")).containsExactly(relative.resolve("a.tsv"));
  }

  @Test
  void nothingMatchingNamesThePattern() {
    String pattern = dir + "/corpus-*.jsonl";
    assertThatThrownBy(() -> Globs.expand(pattern))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(pattern + ": no file matches");
    String missing = dir + "/nope.txt";
    assertThatThrownBy(() -> Globs.expand(missing)).isInstanceOf(NoSuchFileException.class).hasMessage(missing + ": no such file");
    String noDir = dir + "/nope/*.txt";
    assertThatThrownBy(() -> Globs.expand(noDir)).hasMessageContaining(noDir + ": no file matches: no directory");
    assertThatThrownBy(() -> Globs.expand(dir.toString())).hasMessageContaining("is a directory");
    assertThatThrownBy(() -> Globs.expand(dir + "/a**.tsv")).hasMessageContaining("** must be a whole name");
  }
}

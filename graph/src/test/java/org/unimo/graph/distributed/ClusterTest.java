package org.unimo.graph.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.ServerDef;

class ClusterTest {
  @Test
  void parsesAddressesInTaskOrder() {
    Cluster cluster = Cluster.parse("10.0.0.1:2222, worker-b:2223,[::1]:2224", 1);

    assertThat(cluster.addresses()).containsExactly("10.0.0.1:2222", "worker-b:2223", "[::1]:2224");
    assertThat(cluster.size()).isEqualTo(3);
    assertThat(cluster.address()).isEqualTo("worker-b:2223");
    assertThat(cluster.target()).isEqualTo("grpc://worker-b:2223");
    assertThat(cluster.device()).isEqualTo("/job:worker/replica:0/task:1");
  }

  @Test
  void namesTheBadEntry() {
    assertThatThrownBy(() -> Cluster.parse("127.0.0.1:2222,localhost", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster address 1 \"localhost\" is not host:port");
    assertThatThrownBy(() -> Cluster.parse("127.0.0.1:http", 0))
        .hasMessage("cluster address 0 \"127.0.0.1:http\" has port \"http\", not a number in 1..65535");
    assertThatThrownBy(() -> Cluster.parse("a:1,b:2,c:70000", 0))
        .hasMessage("cluster address 2 \"c:70000\" has port \"70000\", not a number in 1..65535");
    assertThatThrownBy(() -> Cluster.parse("a:0", 0))
        .hasMessage("cluster address 0 \"a:0\" has port \"0\", not a number in 1..65535");
    assertThatThrownBy(() -> Cluster.parse(":2222", 0)).hasMessage("cluster address 0 \":2222\" has no host");
    assertThatThrownBy(() -> Cluster.parse("a:1,,b:2", 0)).hasMessage("cluster address 1 \"\" is not host:port");
    assertThatThrownBy(() -> Cluster.parse("::1:2222", 0))
        .hasMessage("cluster address 0 \"::1:2222\" has an IPv6 host without brackets (write [::1]:2222)");
    assertThatThrownBy(() -> Cluster.parse("a:1,b:2,a:1", 0))
        .hasMessage("cluster address 2 \"a:1\" repeats an earlier address");
  }

  @Test
  void rejectsATaskOutsideTheCluster() {
    assertThatThrownBy(() -> Cluster.parse("a:1,b:2", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 2 is not in the cluster: its 2 tasks are 0..1");
    assertThatThrownBy(() -> new Cluster(List.of(), 0))
        .hasMessage("a cluster needs at least one host:port address");
  }

  @Test
  void serverDefNamesTheJobTheTaskAndTheCollectiveLeader() {
    ServerDef def = Cluster.parse("127.0.0.1:2222,127.0.0.1:2223", 1).serverDef();

    assertThat(def.getJobName()).isEqualTo("worker");
    assertThat(def.getTaskIndex()).isEqualTo(1);
    assertThat(def.getProtocol()).isEqualTo("grpc");
    assertThat(def.getCluster().getJob(0).getTasksMap())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(0, "127.0.0.1:2222", 1, "127.0.0.1:2223"));
    assertThat(def.getDefaultSessionConfig().getExperimental().getCollectiveGroupLeader())
        .isEqualTo("/job:worker/replica:0/task:0");
  }

  @Test
  void sessionConfigKeepsTheBaseAndAddsLeaderDeviceFilterAndIsolation() {
    ConfigProto base = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).addDeviceFilters("/job:ps").build();

    ConfigProto config = Cluster.parse("127.0.0.1:2222,127.0.0.1:2223", 1).sessionConfig(base);

    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(config.getDeviceFiltersList()).containsExactly("/job:worker/task:1");
    assertThat(config.getExperimental().getCollectiveGroupLeader()).isEqualTo(Cluster.COLLECTIVE_LEADER);
    assertThat(config.getIsolateSessionState()).isTrue();
  }

  @Test
  void freeLoopbackAddressesAreDistinctPorts() {
    List<String> addresses = Cluster.freeLoopbackAddresses(3);
    assertThat(addresses).hasSize(3).doesNotHaveDuplicates().allMatch(a -> a.matches("127\\.0\\.0\\.1:\\d+"));
    assertThat(new Cluster(addresses, 2).size()).isEqualTo(3);
  }
}

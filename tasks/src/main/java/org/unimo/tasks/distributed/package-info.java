/**
 * Running the tasks of a data-parallel run: {@link org.unimo.tasks.distributed.LocalTasks} starts
 * N task processes on this machine and waits for them; {@link
 * org.unimo.tasks.distributed.PeerWatch} notices, and names, a task that is gone. The training side
 * (replicated graphs, collectives) is in {@code org.unimo.graph.distributed}.
 */
@NullMarked
package org.unimo.tasks.distributed;

import org.jspecify.annotations.NullMarked;

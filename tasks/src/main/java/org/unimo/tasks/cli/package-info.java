/**
 * The {@code unimo} command line: {@code demo}, {@code spec} and {@code pretrain}. Usage errors
 * and invalid input print one clear message on standard error and exit with status 2.
 */
@NullMarked
package org.unimo.tasks.cli;

import org.jspecify.annotations.NullMarked;

package org.unimo.tasks.cli;

/** Bad arguments or bad input: the message goes to standard error and the exit status is 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}

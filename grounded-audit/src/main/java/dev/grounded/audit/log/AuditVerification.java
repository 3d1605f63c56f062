package dev.grounded.audit.log;

/**
 * The result of {@link AuditLog#verify}.
 *
 * @param records records read
 * @param checkpoints signed checkpoints checked
 * @param coveredThrough the last record a valid signed checkpoint covers (0: none); records after
 *     it are chained but not yet signed, so deleting them from the end would not be seen
 * @param firstBad the first record that is not as it was written (-1 when all are); for a rewrite
 *     of the chain that only a checkpoint reveals, the first record after the last good checkpoint
 * @param problem what is wrong with it, empty when nothing is
 */
public record AuditVerification(
    long records, long checkpoints, long coveredThrough, long firstBad, String problem) {
  public boolean ok() {
    return firstBad < 0;
  }

  static AuditVerification bad(long records, long checkpoints, long firstBad, String problem) {
    return new AuditVerification(records, checkpoints, 0, firstBad, problem);
  }
}

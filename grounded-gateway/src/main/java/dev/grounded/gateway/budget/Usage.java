package dev.grounded.gateway.budget;

/**
 * What a scope has used, as of one instant: settled spend this UTC day and month, spend held by
 * reservations not yet settled (made this day and month), and the requests and tokens counted in
 * the last 60 seconds (only logged while the scope has an rpm or tpm limit).
 */
public record Usage(
    long spentTodayMicros,
    long spentMonthMicros,
    long reservedTodayMicros,
    long reservedMonthMicros,
    long requestsLastMinute,
    long tokensLastMinute) {}

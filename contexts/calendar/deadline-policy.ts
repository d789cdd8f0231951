/** Service levels of DOMAIN.md; configuration, with these defaults. */
export interface DeadlinePolicy {
  /** Working days from submission to verification (paused while awaiting clarification). */
  verificationWorkingDays: number;
  /** Working days from disposition to the agency's first follow-up. */
  firstFollowUpWorkingDays: number;
  /** Working days after resolution before a report with no reporter response closes. */
  autoCloseWorkingDays: number;
  /** Calendar days from the first disposition to completion (Perpres 76/2013). */
  completionDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  verificationWorkingDays: 3,
  firstFollowUpWorkingDays: 5,
  autoCloseWorkingDays: 10,
  completionDays: 60,
};

/** How long the retention jobs keep what is only needed for a while (configuration, see docs/operator-guide.md). */
export interface RetentionPeriods {
  /** BankID orders: their completion data (name, personal identity number, signature, device) goes after this (BANKID_ORDER_RETENTION_HOURS) */
  bankIdOrderHours: number;
  /** Files uploaded but never submitted, and not in a saved draft, go after this (UNSUBMITTED_ATTACHMENT_RETENTION_DAYS) */
  unsubmittedAttachmentDays: number;
  /** SAML requests of citizens' and staff logins, answered or not, go after this (SAML_REQUEST_RETENTION_HOURS) */
  samlRequestHours: number;
  /** Citizens' rating comments are erased after this, their grades kept (RATING_COMMENT_RETENTION_DAYS) */
  ratingCommentDays: number;
}

export const DEFAULT_RETENTION_PERIODS: RetentionPeriods = {
  // a login or signature needs its order for minutes; a day leaves time to look into a failed one
  bankIdOrderHours: 24,
  // a citizen fills in a form in one sitting or saves a draft, which keeps its files
  unsubmittedAttachmentDays: 7,
  // a request is answerable for 10 minutes (identity/saml/request-store.ts)
  samlRequestHours: 1,
  // two years of comments give the owner trends to compare; the grades stay for the statistics
  ratingCommentDays: 730,
};

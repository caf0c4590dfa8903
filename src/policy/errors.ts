// Validation problems are values: each names the field it is about, so every face can point at its
// own spelling of that field (a CLI flag, a conflist key, an annotation).

export interface PolicyIssue {
  /** The PolicyInput key the problem is about. */
  readonly field: string;
  readonly message: string;
  /**
   * The pod as a whole cannot be redirected as asked (e.g. Istio's TPROXY mode): dropping the value
   * would give the pod rules of another kind, so even failOpen's lenient decision does not drop it —
   * the pod starts without redirection instead.
   */
  readonly whole?: boolean;
}

export class PolicyError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'PolicyError';
  }
}

/** Collects issues while a whole input is checked, so the user sees every problem at once. */
export class IssueList {
  readonly issues: PolicyIssue[] = [];
  add(field: string, message: string): void {
    // A both-directions field is checked once per direction: report each problem once.
    if (this.issues.some((i) => i.field === field && i.message === message)) return;
    this.issues.push({ field, message });
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw new PolicyError(this.issues);
  }
}

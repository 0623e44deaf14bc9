/** Crypto-shred every requested erasure whose retention period has passed (run daily, or by hand). */
export class ExecuteDueErasuresCommand {}

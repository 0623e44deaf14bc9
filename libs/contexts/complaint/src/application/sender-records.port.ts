/** The sender directory projected from service-provider's events (complaint.senders, complaint.brands). */
export interface SenderRecords {
  /** Brands that registered this sender identity on the channel, in brand-code order. */
  matching(channel: string, senderId: string): Promise<{ iysCode: number; brandCode: number }[]>;
  brand(brandCode: number): Promise<{ iysCode: number; brandName: string } | undefined>;
  brandNames(brandCodes: readonly number[]): Promise<Map<number, string>>;
}

export const SENDER_RECORDS = Symbol('complaint:SenderRecords');

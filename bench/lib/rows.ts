/** One line of the printed table: what was measured, the number, and the target when there is one. */
export interface Row {
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
}

/** What an export knows about the app beyond its answers; comes from the answers file or the stored assessment. */
export interface AppMeta {
  name: string;
  key?: string;
  hosting?: string;
}

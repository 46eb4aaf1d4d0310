/** One OCDS release as stored with the tender it describes. */
export type OcdsRelease = Record<string, unknown> & { id: string; date: string; tag: string[] };

/** Types for the demo relying party (server.mjs), for the TypeScript tests. */
export declare const RP_ID: 'localhost';
export declare const RP_NAME: string;

export interface DemoResult {
  verified: boolean;
  error?: string;
  kind: 'registration' | 'authentication';
  credentialId: string | null;
  origin: string | null;
  rpId: string | null;
  type: string | null;
  crossOrigin: boolean | null;
  userPresent: boolean | null;
  userVerified: boolean | null;
  /** what the relying party asked for */
  userVerification: 'required' | 'preferred' | 'discouraged';
  backupEligible: boolean | null;
  backedUp: boolean | null;
  counter: number | null;
  previousCounter?: number | null;
  username: string | null;
  userHandle: string | null;
  challenge: string | null;
  fmt?: string;
  aaguid?: string;
  /** COSE algorithm of the registered credential public key */
  alg?: number;
  discoverable?: boolean;
  at: string;
}

export interface DemoServer {
  url: string;
  port: number;
  results: DemoResult[];
  close(): Promise<void>;
}

export declare function startDemoServer(options?: { port?: number; host?: string }): Promise<DemoServer>;

// Types of examples/passkeep-testing.mjs.
export interface PasskeepTestingRequest {
  command: string;
  params?: Record<string, unknown>;
  timeoutMs?: number;
}
export declare function passkeepTesting(request: PasskeepTestingRequest): Promise<unknown>;

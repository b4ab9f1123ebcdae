/*
 * Reading the API, and what a failure means for the visitor (retry or not)
 * and for the web person (the console message says why and what to do).
 */
export type Failure = { retryable: boolean; reason: string };
export type Loaded<T> = { ok: true; data: T } | { ok: false; failure: Failure };

const PREFIX = "<peer-supporters-directory>";

/** Why a status failed, for the console: the API's own `error` and what fixes it. */
function describe(status: number, error: string): Failure {
  if (status === 401) {
    return {
      retryable: false,
      reason: `the key was refused (${error}): is it revoked, or another organization's? Make a new publishable key.`,
    };
  }
  if (status === 403) {
    return {
      retryable: false,
      reason: `refused (${error}). This page's origin is ${location.origin}: add it to the key's origins, or use a key made for this site.`,
    };
  }
  if (status === 429 || status >= 500) {
    return {
      retryable: true,
      reason: `the API is busy or down (${status} ${error}); the visitor may try again.`,
    };
  }
  return {
    retryable: false,
    reason: `${status} ${error}: check the organization, key and api attributes.`,
  };
}

/** GET `url` as JSON; a failure is logged once, here, with its reason. */
export async function getJson<T>(url: URL, signal: AbortSignal): Promise<Loaded<T>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (signal.aborted) throw error;
    // A network failure, or a refusal the browser hid (no CORS header): both may pass.
    console.warn(`${PREFIX}: the API at ${url.origin} could not be reached:`, error);
    return { ok: false, failure: { retryable: true, reason: "network" } };
  }
  if (response.ok) return { ok: true, data: (await response.json()) as T };
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  const failure = describe(
    response.status,
    typeof body?.error === "string" ? body.error : response.statusText,
  );
  console.warn(`${PREFIX}: ${failure.reason}`);
  return { ok: false, failure };
}

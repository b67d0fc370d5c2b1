// Fetching from the JSON API. Errors come back as {"error": {"status", "message"}}; they are
// raised as ApiError with the server's message so the page can show it, never swallowed.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** GET `path` with query `params` (URLSearchParams); the parsed JSON, or an ApiError. */
export async function getJson(path, params = new URLSearchParams()) {
  const query = params.toString();
  const url = path + (query ? "?" + query : "");
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError(0, `The server could not be reached (${url}): ${error.message}`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  if (body === null) throw new ApiError(response.status, `${url} did not return JSON.`);
  return body;
}

/** Keeps only the latest request of a view: a slow answer (or error) to an old filter must
 * not overwrite the answer to a newer one. `latest(fn)` returns fn's result, or null when a
 * newer request was started meanwhile; an error is thrown only by the latest request. */
export function latestOnly() {
  let generation = 0;
  return async (request) => {
    const mine = ++generation;
    try {
      const result = await request();
      return mine === generation ? result : null;
    } catch (error) {
      if (mine === generation) throw error;
      return null;
    }
  };
}

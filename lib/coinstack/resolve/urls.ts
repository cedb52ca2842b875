/** Query parameters and path segments that carry a credential (Infura /v3/<key>, Alchemy /v2/<key>, ?apikey=…). */
const CREDENTIAL_PARAM = /^(api[-_]?key|key|token|access[-_]?token|auth|secret|password)$/i;
const KEY_LIKE_SEGMENT = /^[A-Za-z0-9_-]{24,}$/;
/** A long segment that is lowercase words joined by hyphens (a bucket's name, mainnet-heimdallv2-genesis) is no key. */
const HYPHENATED_WORDS = /^[a-z]+[0-9]*(-[a-z]+[0-9]*)+$/;

/** An http(s) URL that names no credential: no userinfo, no key/token parameter, no key-like path segment. */
export function isCredentialFreeUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (url.username !== "" || url.password !== "") return false;
  if ([...url.searchParams.keys()].some((name) => CREDENTIAL_PARAM.test(name))) return false;
  return !url.pathname.split("/").some((segment) => KEY_LIKE_SEGMENT.test(segment) && !HYPHENATED_WORDS.test(segment));
}

/*
 * IP address literals as a URL's host may spell them, and whether one is a
 * public (globally reachable) address. WHATWG URL parsing already rewrites
 * most IPv4 spellings ("2852039166", "0xa9fea9fe", "0251.0376.0251.0376",
 * "169.254.43518") to dotted decimal, but this parser reads them all itself,
 * so the rule does not hang on which parser saw the URL first.
 */

type IpAddress = { version: 4; value: bigint } | { version: 6; value: bigint };

/** One part of an IPv4 literal: decimal, 0x hex or 0-prefixed octal, as inet_aton and WHATWG read it. */
function ipv4Part(part: string): bigint | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return BigInt(part.length === 2 ? "0" : part);
  if (/^0[0-7]+$/.test(part)) return BigInt(`0o${part.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return BigInt(part);
  return undefined;
}

/** "a.b.c.d", "a.b.c", "a.b" or "a": the last part fills the remaining bytes. */
function parseIpv4(host: string): bigint | undefined {
  const parts = host.replace(/\.$/, "").split(".");
  if (parts.length > 4) return undefined;
  const values = parts.map(ipv4Part);
  if (values.some((value) => value === undefined)) return undefined;
  const numbers = values as bigint[];
  const last = numbers.pop() ?? 0n;
  if (numbers.some((value) => value > 255n)) return undefined;
  const lastBits = BigInt(8 * (4 - numbers.length));
  if (last >= 1n << lastBits) return undefined;
  return numbers.reduce((sum, value, i) => sum | (value << BigInt(24 - 8 * i)), 0n) | last;
}

/** RFC 4291 text form, with `::` and a trailing dotted IPv4, without brackets or a zone. */
function parseIpv6(text: string): bigint | undefined {
  let groups = text;
  let tail: bigint[] = [];
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1] !== undefined && dotted[2] !== undefined) {
    // Dotted decimal only here: RFC 4291 has no hex or octal parts in IPv6's IPv4 tail.
    const ipv4 = /(^|\.)0\d/.test(dotted[2]) ? undefined : parseIpv4(dotted[2]);
    if (ipv4 === undefined) return undefined;
    groups = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
    tail = [ipv4 >> 16n, ipv4 & 0xffffn];
  }
  const halves = groups.split("::");
  if (halves.length > 2) return undefined;
  const read = (half: string | undefined) =>
    half ? half.split(":").map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? group : null)) : [];
  const head = read(halves[0]);
  const rest = read(halves[1]);
  if ([...head, ...rest].includes(null)) return undefined;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [
    ...head.map((group) => BigInt(`0x${String(group)}`)),
    ...Array<bigint>(8 - given).fill(0n),
    ...rest.map((group) => BigInt(`0x${String(group)}`)),
    ...tail,
  ];
  return all.reduce((sum, group) => (sum << 16n) | group, 0n);
}

/** The address a URL host names, if it is an IP literal ("[…]" for IPv6). */
export function parseIpLiteral(host: string): IpAddress | undefined {
  if (host.startsWith("[") && host.endsWith("]")) {
    const value = parseIpv6(host.slice(1, -1));
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(host);
  return value === undefined ? undefined : { version: 4, value };
}

const v4 = (text: string, bits: number) => ({ start: parseIpv4(text) ?? 0n, bits });
const v6 = (text: string, bits: number) => ({ start: parseIpv6(text) ?? 0n, bits });

// IANA's special-purpose registries: none of these is a public destination.
const NON_PUBLIC_IPV4 = [
  v4("0.0.0.0", 8), // "this network", 0.0.0.0 unspecified
  v4("10.0.0.0", 8), // private
  v4("100.64.0.0", 10), // carrier-grade NAT (cloud metadata, 100.100.100.200)
  v4("127.0.0.0", 8), // loopback
  v4("169.254.0.0", 16), // link-local (cloud metadata, 169.254.169.254)
  v4("172.16.0.0", 12), // private
  v4("192.0.0.0", 24), // IETF protocol assignments
  v4("192.0.2.0", 24), // documentation
  v4("192.168.0.0", 16), // private
  v4("198.18.0.0", 15), // benchmarking
  v4("198.51.100.0", 24), // documentation
  v4("203.0.113.0", 24), // documentation
  v4("224.0.0.0", 4), // multicast
  v4("240.0.0.0", 4), // reserved, broadcast
];

// Within global unicast 2000::/3, the blocks that are not public or that
// carry an IPv4 address (checked as IPv4 below).
const NON_PUBLIC_GLOBAL_IPV6 = [
  v6("2001::", 32), // Teredo
  v6("2001:2::", 48), // benchmarking
  v6("2001:db8::", 32), // documentation
];

const within = (value: bigint, width: number, { start, bits }: { start: bigint; bits: number }) =>
  value >> BigInt(width - bits) === start >> BigInt(width - bits);

function isPublicIpv4(value: bigint): boolean {
  return !NON_PUBLIC_IPV4.some((range) => within(value, 32, range));
}

/** The IPv4 address an IPv6 one stands for: IPv4-mapped, IPv4-compatible, NAT64 and 6to4. */
function embeddedIpv4(value: bigint): bigint | undefined {
  if (within(value, 128, v6("::ffff:0:0", 96)) || within(value, 128, v6("::", 96))) {
    return value & 0xffffffffn;
  }
  if (within(value, 128, v6("64:ff9b::", 96))) return value & 0xffffffffn;
  if (within(value, 128, v6("2002::", 16))) return (value >> 80n) & 0xffffffffn;
  return undefined;
}

/**
 * Whether an IP address is globally reachable: not loopback, private,
 * link-local, CGNAT, unique-local, multicast, unspecified or reserved. An
 * IPv6 address carrying an IPv4 one is judged by that IPv4 address, and
 * outside those only global unicast (2000::/3) counts.
 */
export function isPublicIp(address: IpAddress): boolean {
  if (address.version === 4) return isPublicIpv4(address.value);
  const ipv4 = embeddedIpv4(address.value);
  if (ipv4 !== undefined) return isPublicIpv4(ipv4);
  return (
    within(address.value, 128, v6("2000::", 3)) &&
    !NON_PUBLIC_GLOBAL_IPV6.some((range) => within(address.value, 128, range))
  );
}

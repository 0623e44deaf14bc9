import { BlockList, isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

type Family = 'ipv4' | 'ipv6';

/** An address (`10.0.0.7`, `2001:db8::1`) or a CIDR block (`10.0.0.0/24`), parsed by node:net; undefined if neither. */
export function parseIpRange(entry: unknown): { address: string; family: Family; prefix?: number } | undefined {
  if (typeof entry !== 'string' || entry.length > 64) return undefined;
  const [address, prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > (version === 4 ? 32 : 128)) return undefined;
  return { address, family, prefix: Number(prefixText) };
}

/** Whether `ip` (the client address) is inside one of the entries; entries that do not parse match nothing. */
export function ipAllowed(entries: readonly string[], ip: string): boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseIpRange(entry);
    if (!range) continue;
    if (range.prefix === undefined) list.addAddress(range.address, range.family);
    else list.addSubnet(range.address, range.prefix, range.family);
  }
  const version = isIP(ip);
  if (version === 0) return false;
  // An IPv4 client seen on a dual-stack socket as ::ffff:a.b.c.d is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return list.check(mapped[1], 'ipv4') || list.check(ip, 'ipv6');
  return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/** `@IsIpOrCidr({ each: true })`: every entry an IP address or CIDR block; the constraint is named `isIpOrCidr`. */
export function IsIpOrCidr(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIpOrCidr',
      validator: {
        validate: (value) => parseIpRange(value) !== undefined,
        defaultMessage: () => '$property must be an IP address or a CIDR block',
      },
    },
    validationOptions,
  );
}

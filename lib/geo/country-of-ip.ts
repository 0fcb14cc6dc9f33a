import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { Reader, type CountryResponse } from 'mmdb-lib';
import { getEnv } from '@/lib/config/env';

// The two record shapes a country database comes in: ip-location-db's ({ country_code }) and
// MaxMind's GeoIP2/GeoLite2 Country ({ country: { iso_code } }).
type CountryRecord = { country_code?: string; country?: { iso_code?: string } };

let reader: Reader<CountryResponse> | undefined;

function countryReader(): Reader<CountryResponse> {
  if (!reader) {
    // The whole file is read into memory once (about 8 MB): lookups then cost microseconds and
    // never touch the disk or the network during a sign-in.
    const file =
      getEnv().GATEHOUSE_GEOIP_DB ??
      // Resolved from the project's folder, not this module's: the server bundle has no node_modules of its own.
      createRequire(path.join(process.cwd(), 'package.json')).resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
    reader = new Reader<CountryResponse>(readFileSync(file));
  }
  return reader;
}

/**
 * The ISO 3166-1 alpha-2 country of a public address, or null when it has none: private,
 * loopback, shared, documentation and other reserved ranges (the database gives some of those a
 * country from whoever registered them, which says nothing about where a person is), and
 * addresses the database does not know. Null always counts as a new country.
 */
export function countryOfIp(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.range() !== 'unicast') return null;
  const record = countryReader().get(address.toString()) as CountryRecord | null;
  const code = record?.country_code ?? record?.country?.iso_code;
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
}

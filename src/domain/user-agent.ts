import { createHash } from 'node:crypto';
import { UAParser } from 'ua-parser-js';

/** What a User-Agent header says, as «Sesiones y dispositivos» shows it. */
export interface DeviceDescription {
  /** «Firefox 128», or '' when the header names no browser we know. */
  browser: string;
  /** «Windows 10», «iOS 17.5», or ''. */
  os: string;
  /** Families only (no versions): what a device is known by, so an update is not a new device. */
  browserFamily: string;
  osFamily: string;
  /** 'mobile', 'tablet'… or '' for a desktop (the parser names no type then). */
  deviceType: string;
}

/** A header that long is not a browser's; nothing beyond this is kept or parsed. */
export const USER_AGENT_MAX = 512;

const major = (version: string | undefined) => (version ? version.split('.')[0] : '');

/** Parsed with ua-parser-js 1.x (MIT; 2.x is AGPL), the maintained parser most apps use. */
export function describeUserAgent(header: string | undefined | null): DeviceDescription {
  const result = new UAParser((header ?? '').slice(0, USER_AGENT_MAX)).getResult();
  const browserFamily = result.browser.name ?? '';
  const osFamily = result.os.name ?? '';
  return {
    browser: [browserFamily, major(result.browser.version)].filter(Boolean).join(' '),
    os: [osFamily, result.os.version ?? ''].filter(Boolean).join(' '),
    browserFamily,
    osFamily,
    deviceType: result.device.type ?? '',
  };
}

/**
 * How a browser is recognised at the next sign-in: a hash of its browser family, system family and
 * device type. No cookie is needed (a cleared or private window is still the same device) and a
 * browser update is not a new device; two copies of the same browser on the same system are one.
 */
export function deviceFingerprint(device: DeviceDescription): string {
  return createHash('sha256')
    .update([device.browserFamily, device.osFamily, device.deviceType].join('\n').toLowerCase())
    .digest('hex');
}

/**
 * Security headers on every response, API and dashboard alike (hono's secureHeaders underneath).
 *
 * The Content-Security-Policy is the second line behind escaping: if a user-controlled string ever
 * reaches the DOM as markup, no inline or foreign script runs and nothing leaves for another
 * origin. The built dashboard has no inline script (test/e2e/security.test.ts fails on any CSP
 * violation). Styles: Vite emits one stylesheet, but ECharts' HTML tooltips carry `style="…"`
 * attributes, so inline style *attributes* are allowed while `<style>` elements are not.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The policy, also exported for tests and docs. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/**
 * Sets CSP, nosniff, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`, COOP/CORP
 * same-origin, a Permissions-Policy that turns off device APIs the dashboard never uses, and
 * `Cache-Control: no-store` on `/api/` responses (they may hold plant data or keys). HSTS is sent
 * only when xinzhi terminates TLS itself (`hsts: true`, from `--tls-cert`); behind a proxy the
 * proxy sends it, and `includeSubDomains` on a shared domain is the operator's decision.
 */
export function securityHeaders(options: { readonly hsts?: boolean } = {}): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: [...CONTENT_SECURITY_POLICY.defaultSrc],
      scriptSrc: [...CONTENT_SECURITY_POLICY.scriptSrc],
      styleSrc: [...CONTENT_SECURITY_POLICY.styleSrc],
      styleSrcAttr: [...CONTENT_SECURITY_POLICY.styleSrcAttr],
      connectSrc: [...CONTENT_SECURITY_POLICY.connectSrc],
      imgSrc: [...CONTENT_SECURITY_POLICY.imgSrc],
      fontSrc: [...CONTENT_SECURITY_POLICY.fontSrc],
      objectSrc: [...CONTENT_SECURITY_POLICY.objectSrc],
      baseUri: [...CONTENT_SECURITY_POLICY.baseUri],
      formAction: [...CONTENT_SECURITY_POLICY.formAction],
      frameAncestors: [...CONTENT_SECURITY_POLICY.frameAncestors],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: options.hsts ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      usb: [],
      serial: [],
      bluetooth: [],
      hid: [],
      payment: [],
    },
  });
  return async (c, next) => {
    await headers(c, next);
    if (c.req.path.startsWith('/api/')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

/** The env snippet shown with a new Langfuse key pair. */
import { describe, expect, it } from 'vitest';
import { langfuseEnvSnippet } from './langfuse-env';

describe('langfuseEnvSnippet', () => {
  it('points both host variables at the server and carries the pair', () => {
    expect(langfuseEnvSnippet('https://tracehub.example.com/', 'pk-lf-1', 'sk-lf-2')).toBe(
      'LANGFUSE_BASE_URL=https://tracehub.example.com\nLANGFUSE_HOST=https://tracehub.example.com\nLANGFUSE_PUBLIC_KEY=pk-lf-1\nLANGFUSE_SECRET_KEY=sk-lf-2',
    );
  });
});

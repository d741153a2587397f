/** The sign-in page: username and password; goes back to the page that asked for sign-in. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../shared/api/http-client';
import { LanguageSwitch } from '../../../shared/components/LanguageSwitch';
import { ThemeToggle } from '../../../shared/components/ThemeToggle';
import { useLogin } from '../api';

/** The sign-in form. */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(
      { username, password },
      {
        onSuccess: () => {
          const next = params.get('next');
          navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        },
      },
    );
  };
  const error = login.error instanceof ApiError ? login.error : null;
  return (
    <div className="login-page">
      <div className="login-tools">
        <LanguageSwitch />
        <ThemeToggle />
      </div>
      <form className="login-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Trace Hub
        </div>
        <h1>{t('auth.signInTitle')}</h1>
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {login.isError && (
          <div className="form-error" role="alert">
            {error?.status === 401 ? t('auth.invalid') : error?.status === 429 ? t('auth.throttled') : t('errors.generic')}
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={login.isPending}>
          {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
        </button>
        <p className="muted small">{t('auth.firstStartHint')}</p>
      </form>
    </div>
  );
}

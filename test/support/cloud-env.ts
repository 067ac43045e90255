/**
 * A valid APP_MODE=cloud environment for tests that read the backend's config without a cloud
 * account: a strong session secret, a role ARN, a bucket, and the backend URL the builds bake in.
 */
export const CLOUD_ENV = {
  APP_MODE: 'cloud',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'k3J9x-Qp2mZ8vT4rL7wN1yB6cH0dF5gS',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  OSS_BUCKET: 'card-photos',
  TARO_APP_BACKEND_URL: 'https://api.example.com',
}

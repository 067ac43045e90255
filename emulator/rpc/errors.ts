// RPC (POP gateway) errors: codes, HTTP statuses and messages as the real cloud answers them; the vendor
// page for each is in docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on (or it is marked unverified there).
// Body: {RequestId, HostId, Code, Message, Recommend}.

export class RpcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const rpcErrors = {
  missingParameter: (name: string) =>
    new RpcError(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  incompleteSignature: (detail: string) =>
    new RpcError(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards. ${detail}`),
  timestampFormat: () => new RpcError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'),
  timestampExpired: () => new RpcError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
  nonceUsed: () => new RpcError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  signatureMismatch: (stringToSign: string) =>
    // The client parses the part after "is:" to show where its string-to-sign differs.
    new RpcError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    ),
  accessKeyNotFound: () => new RpcError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  tokenExpired: () => new RpcError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
  tokenMismatch: () =>
    new RpcError(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.'),
  tokenMalformed: () => new RpcError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.'),
  // Code and message: the STS common-errors page (https://www.alibabacloud.com/help/doc-detail/42775.htm); status unverified.
  tokenMissing: () => new RpcError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.'),
  actionNotFound: () => new RpcError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'),
  invalidVersion: () => new RpcError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'),
  forbiddenRam: () =>
    new RpcError(403, 'Forbidden.RAM', "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
  noPermission: () => new RpcError(403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'),
  throttling: () => new RpcError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  internal: () => new RpcError(500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.'),
  unavailable: () => new RpcError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  invalidParameter: (code: string, message: string) => new RpcError(400, code, message),
}

export function rpcErrorBody(err: RpcError, requestId: string, hostId: string): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=emulator&requestId=${requestId}`,
  }
}

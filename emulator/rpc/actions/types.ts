import type { EmulatorState } from '../../state'
import type { Credential } from '../../credentials'
import type { Service } from '../../faults'

export interface ActionInput {
  state: EmulatorState
  credential: Credential
  params: Record<string, string>
  requestId: string
}

export interface RpcAction {
  action: string
  version: string
  service: Service
  /** RAM action an STS caller's policies must allow; none = no check (sts, viapiutils). */
  ramAction?: string
  /** Long-term keys only (AssumeRole). */
  rootOnly?: boolean
  run(input: ActionInput): Promise<Record<string, unknown>>
}

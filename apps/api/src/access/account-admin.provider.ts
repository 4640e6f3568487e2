import { NotFoundException, ConflictException, UnprocessableEntityException, type Provider } from '@nestjs/common';
import { AccessError, AccountAdmin } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { AccessChangeBus } from '../auth/access-change-bus';

/** AccountAdmin announcing its changes on this process's bus (which also evicts this process's cache at once). */
export const ACCOUNT_ADMIN_PROVIDER: Provider = {
  provide: AccountAdmin,
  inject: [DataSource, AccessChangeBus],
  useFactory: (ds: DataSource, bus: AccessChangeBus) => new AccountAdmin(ds, (change) => bus.announce(change)),
};

/** AccessError → 404 (not found), 409 (e-mail taken, key revoked), 422 (an administrator's own account). */
export async function answering<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof AccessError)) throw err;
    if (err.code === 'not_found') throw new NotFoundException(err.message);
    if (err.code === 'own_account') throw new UnprocessableEntityException(err.message);
    throw new ConflictException(err.message);
  }
}

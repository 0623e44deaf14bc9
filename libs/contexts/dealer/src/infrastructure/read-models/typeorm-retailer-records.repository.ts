import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { RetailerRecords, RetailerRecordView } from '../../application/queries/retailer-records.port.js';
import { RetailerRecord } from './retailer.record.js';

@Injectable()
export class TypeOrmRetailerRecords implements RetailerRecords {
  constructor(@InjectRepository(RetailerRecord) private readonly retailers: Repository<RetailerRecord>) {}

  async page(scope: { iysCode: number; brandCode: number }, page: { offset: number; limit: number; retailerCodes?: readonly number[] }): Promise<{ rows: RetailerRecordView[]; total: number }> {
    const [rows, total] = await this.retailers.findAndCount({
      where: { brandCode: scope.brandCode, iysCode: scope.iysCode, ...(page.retailerCodes !== undefined ? { retailerCode: In([...page.retailerCodes]) } : {}) },
      order: { retailerCode: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { rows, total };
  }

  async find(iysCode: number, brandCode: number, retailerCode: number): Promise<Pick<RetailerRecordView, 'retailerCode' | 'status'> | undefined> {
    const row = await this.retailers.findOne({ select: { retailerCode: true, status: true }, where: { retailerCode, brandCode, iysCode } });
    return row ? { retailerCode: row.retailerCode, status: row.status } : undefined;
  }

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, number>> {
    if (brandCodes.length === 0) return new Map();
    const rows = await this.retailers
      .createQueryBuilder('retailer')
      .select('retailer.brandCode', 'brandCode')
      .addSelect('count(*)::int', 'n')
      .where('retailer.brandCode IN (:...brandCodes)', { brandCodes: [...brandCodes] })
      .groupBy('retailer.brandCode')
      .getRawMany<{ brandCode: number; n: number }>();
    return new Map(rows.map((row) => [row.brandCode, row.n]));
  }
}

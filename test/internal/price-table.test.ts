import { estimateFixedMonthlyCost, PRICE_TABLE } from '../../src/internal/price-table';

describe('estimateFixedMonthlyCost', () => {
  test('counts the fixed cost drivers of a template', () => {
    const template = {
      Resources: {
        Nat1: { Type: 'AWS::EC2::NatGateway' },
        Nat2: { Type: 'AWS::EC2::NatGateway' },
        Eip1: { Type: 'AWS::EC2::EIP' },
        Key: { Type: 'AWS::KMS::Key' },
        Ep: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
        Gw: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}] } },
        Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048' } },
        Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2, TaskDefinition: { Ref: 'Td' } } },
      },
    };
    const e = estimateFixedMonthlyCost(template);
    const byDriver = Object.fromEntries(e.lines.map((l) => [l.driver, l]));
    expect(byDriver['NAT gateway'].monthly).toBeCloseTo(2 * PRICE_TABLE.natGatewayHour * 730, 2);
    expect(byDriver['Interface VPC endpoint (per AZ)'].quantity).toBe(2);
    expect(byDriver['KMS customer-managed key'].monthly).toBe(1);
    expect(byDriver['WAF web ACL with 2 rules'].monthly).toBe(7);
    expect(byDriver['Public IPv4 address'].quantity).toBe(1);
    expect(byDriver['Fargate task (x86, as sized)'].quantity).toBe(2);
    expect(e.totalMonthly).toBeCloseTo(e.lines.reduce((n, l) => n + l.monthly, 0), 2);
    expect(e.priceDate).toBe(PRICE_TABLE.date);
  });

  test('an empty template costs nothing', () => {
    expect(estimateFixedMonthlyCost({ Resources: {} }).totalMonthly).toBe(0);
  });
});

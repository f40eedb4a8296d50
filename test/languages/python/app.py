"""The Python consumer: the stacks of test/languages/reference-app.ts, written in Python.

Usage: python app.py <outdir>
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs

from cdk_hardened_demo_service import (
    HardenedDemoService,
    HardeningLevel,
    HardeningOverrides,
    ServiceImage,
    TaskEgressRule,
)

ACCOUNT = "123456789012"
CERTIFICATE_ID = "11111111-2222-3333-4444-555555555555"


def build(outdir: str) -> cdk.App:
    app = cdk.App(outdir=outdir)

    # DEMO, with one control raised above the preset (customer-managed KMS keys).
    # overrides as a plain dict: the form most Python code uses.
    demo = cdk.Stack(app, "LangTest-Demo", env=cdk.Environment(account=ACCOUNT, region="eu-west-1"))
    HardenedDemoService(
        demo,
        "Web",
        hardening_level=HardeningLevel.DEMO,
        container_port=8080,
        certificate=acm.Certificate.from_certificate_arn(
            demo, "Certificate", f"arn:aws:acm:eu-west-1:{ACCOUNT}:certificate/{CERTIFICATE_ID}"
        ),
        image=ServiceImage.from_registry("public.ecr.aws/nginx/nginx:1.27"),
        environment={"GREETING": "hello"},
        overrides={"customer_managed_keys": True},
    )

    # PRODUCTION, with one control relaxed (no VPC flow logs), the sample app (a Docker
    # image asset) and one egress rule. Structs as their generated classes.
    production = cdk.Stack(app, "LangTest-Production", env=cdk.Environment(account=ACCOUNT, region="us-east-1"))
    certificate = acm.Certificate.from_certificate_arn(
        production, "Certificate", f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{CERTIFICATE_ID}"
    )
    HardenedDemoService(
        production,
        "Web",
        hardening_level=HardeningLevel.PRODUCTION,
        container_port=8080,
        domain_name="app.example.com",
        certificate=certificate,
        cloud_front_certificate=certificate,
        image=ServiceImage.sample_app(),
        min_capacity=2,
        max_capacity=6,
        log_retention=logs.RetentionDays.ONE_MONTH,
        task_egress_allow_list=[
            TaskEgressRule(peer=ec2.Peer.ipv4("10.20.0.0/16"), port=ec2.Port.tcp(5432), description="PostgreSQL in the shared VPC")
        ],
        overrides=HardeningOverrides(vpc_flow_logs=False),
    )
    return app


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "cdk.out").synth()

"""The Python consumer's tests: synthesis of the reference stacks, bad input, enums, structs
and the ServiceImage factories, as a Python team meets them.

run.sh runs `pytest` here with LANGUAGES_OUTDIR set; compare.js then checks the templates
against the TypeScript reference.
"""
import os
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_ecs as ecs

from cdk_hardened_demo_service import (
    HardenedDemoService,
    HardeningLevel,
    HardeningOverrides,
    ServiceImage,
    TaskEgressRule,
)

import app as consumer_app

PREFIX = "HardenedDemoService: invalid properties:"
PORT_MESSAGE = "containerPort: 70000 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on)."


def new_stack(name: str) -> cdk.Stack:
    return cdk.Stack(cdk.App(), name)


def test_synthesizes_both_levels(tmp_path: Path) -> None:
    outdir = Path(os.environ.get("LANGUAGES_OUTDIR", str(tmp_path)))
    consumer_app.build(str(outdir)).synth()
    for stack in ("LangTest-Demo", "LangTest-Production"):
        assert (outdir / f"{stack}.template.json").is_file()


def test_out_of_range_port_gives_the_typescript_message() -> None:
    with pytest.raises(RuntimeError) as caught:
        HardenedDemoService(new_stack("BadPort"), "Web", hardening_level=HardeningLevel.DEMO, container_port=70000)
    message = str(caught.value)
    # Exactly the TypeScript error: the prefix line, then one line per problem.
    assert message == f"{PREFIX}\n  - {PORT_MESSAGE}"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(RuntimeError) as caught:
        HardenedDemoService(new_stack("BadProps"), "Web", hardening_level=HardeningLevel.DEMO, container_port=70000, cpu=300)
    message = str(caught.value)
    assert message.startswith(PREFIX)
    assert PORT_MESSAGE in message
    assert "cpu: 300 is not a Fargate CPU value." in message


def test_wrong_type_is_refused_before_it_reaches_javascript() -> None:
    # The generated bindings check argument types (typeguard) while Python runs with
    # assertions on (the default); the message names the Python argument.
    with pytest.raises(TypeError) as caught:
        HardenedDemoService(new_stack("BadType"), "Web", hardening_level=HardeningLevel.DEMO, desired_count="two")  # type: ignore[arg-type]
    assert str(caught.value) == "type of argument desired_count must be one of (int, float, NoneType); got str instead"


def test_wrong_type_under_python_O_is_refused_by_the_jsii_runtime() -> None:
    # With `python -O` the binding's checks are compiled out; the jsii runtime then refuses the
    # value when it deserializes the props struct, naming the TypeScript property.
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import aws_cdk as cdk
        from cdk_hardened_demo_service import HardenedDemoService, HardeningLevel
        try:
            HardenedDemoService(cdk.Stack(cdk.App(), "S"), "Web", hardening_level=HardeningLevel.DEMO, desired_count="two")
        except RuntimeError as e:
            print(e)
        """
    )
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Passed to parameter props of new cdk-hardened-demo-service.HardenedDemoService" in out
    assert "Key 'desiredCount': Unable to deserialize value as number | undefined" in out
    assert "Value is not a number" in out


def test_hardening_level_is_a_python_enum() -> None:
    assert [level.value for level in HardeningLevel] == ["DEMO", "PRODUCTION"]
    service = HardenedDemoService(new_stack("Enum"), "Web", hardening_level=HardeningLevel.DEMO, image=ServiceImage.from_own_repository("v1.2.3"))
    assert service.hardening_level is HardeningLevel.DEMO
    assert HardenedDemoService(new_stack("Default"), "Web").hardening_level is HardeningLevel.PRODUCTION
    # A plain string is not accepted where the enum is expected.
    with pytest.raises(TypeError):
        HardenedDemoService(new_stack("EnumString"), "Web", hardening_level="DEMO")  # type: ignore[arg-type]


def test_structs_as_classes_and_as_dicts() -> None:
    overrides = HardeningOverrides(vpc_flow_logs=False, customer_managed_keys=True)
    assert overrides.vpc_flow_logs is False
    assert overrides.customer_managed_keys is True
    assert overrides.waf is None
    assert overrides == HardeningOverrides(customer_managed_keys=True, vpc_flow_logs=False)
    rule = TaskEgressRule(peer=ec2.Peer.ipv4("10.20.0.0/16"), port=ec2.Port.tcp(5432))
    assert rule.description is None
    # Dicts work too, with the snake_case names (the TypeScript names are refused).
    HardenedDemoService(
        new_stack("Dicts"),
        "Web",
        overrides={"vpc_flow_logs": False},
        task_egress_allow_list=[{"peer": ec2.Peer.ipv4("10.20.0.0/16"), "port": ec2.Port.tcp(5432)}],
    )
    with pytest.raises(TypeError, match="unexpected keyword argument 'vpcFlowLogs'"):
        HardenedDemoService(new_stack("CamelCase"), "Web", overrides={"vpcFlowLogs": False})


def test_every_service_image_factory() -> None:
    stack = new_stack("Images")
    images = [
        ServiceImage.sample_app(),
        ServiceImage.from_own_repository("v1.2.3"),
        ServiceImage.from_registry("public.ecr.aws/nginx/nginx:1.27"),
        ServiceImage.from_ecr_repository(ecr.Repository.from_repository_name(stack, "Shared", "platform/web")),
        ServiceImage.from_ecr_repository(ecr.Repository.from_repository_name(stack, "Pinned", "platform/api"), "v2"),
        ServiceImage.from_container_image(ecs.ContainerImage.from_registry("public.ecr.aws/docker/library/httpd:2.4")),
    ]
    for i, image in enumerate(images):
        HardenedDemoService(stack, f"Web{i}", hardening_level=HardeningLevel.DEMO, image=image)
    # The message names the TypeScript method (fromOwnRepository), as every message of the
    # library names TypeScript properties (containerPort, not container_port).
    with pytest.raises(RuntimeError, match=r"image \(ServiceImage\.fromOwnRepository\): 'not a tag' is not an image tag or digest"):
        ServiceImage.from_own_repository("not a tag")


def test_a_python_subclass_of_service_image_gets_a_clear_error() -> None:
    # The bindings let Python subclass the abstract ServiceImage, but only the factories'
    # images can be resolved: the error says which factory to use instead.
    class MyImage(ServiceImage):
        pass

    with pytest.raises(RuntimeError, match=r"image: this ServiceImage was not made by one of its static factories.*ServiceImage\.fromContainerImage"):
        HardenedDemoService(new_stack("Subclass"), "Web", hardening_level=HardeningLevel.DEMO, image=MyImage())

import * as path from 'node:path';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * What a `ServiceImage` resolves to inside the construct.
 *
 * @internal
 */
export interface ResolvedServiceImage {
  /** The image handed to the task definition. */
  readonly containerImage: ecs.ContainerImage;
  /** True for the sample application shipped with the library. */
  readonly isSampleApp: boolean;
  /** True when the image lives in the repository the construct owns. */
  readonly usesOwnRepository: boolean;
  /** A human description for the hardening report. */
  readonly description: string;
}

/**
 * The directory of the sample application shipped with this library.
 *
 * @internal
 */
export const SAMPLE_APP_DIRECTORY = path.join(__dirname, '..', 'assets', 'sample-app');

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/**
 * The container image the service runs.
 *
 * Use one of the static factories (`fromContainerImage` takes any `ecs.ContainerImage`).
 * With no image at all, the construct runs the sample application that ships with this
 * library, so a zero-configuration deploy answers on its URL. A subclass of your own is
 * refused with an error: the construct cannot resolve it.
 */
export abstract class ServiceImage {
  /**
   * The sample application shipped with this library: a dependency-free Node.js server that
   * answers on the container port, with a `/health` endpoint, running as a non-root user.
   *
   * It is staged as a Docker image asset: `cdk deploy` builds it (Docker required) and
   * pushes it to the CDK bootstrap repository, so the image exists before the service
   * starts. A new, empty repository would not give a deployable first version.
   */
  public static sampleApp(): ServiceImage {
    return new SampleAppImage();
  }

  /**
   * A tag (or a `sha256:` digest) in the ECR repository this construct creates.
   *
   * The repository is empty on first deploy: push the image before the service can start,
   * or deploy first with the sample app and switch to the tag afterwards.
   *
   * @param tag an image tag, such as `v1.2.3`, or a digest `sha256:...`
   */
  public static fromOwnRepository(tag: string): ServiceImage {
    return new OwnRepositoryImage(tag);
  }

  /**
   * An image in another ECR repository (for example one shared by a platform team).
   *
   * @param repository the repository
   * @param tag the tag or `sha256:` digest. @default 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tag?: string): ServiceImage {
    return new ContainerImageWrapper(
      ecs.ContainerImage.fromEcrRepository(repository, checkTag(tag ?? 'latest', 'image (ServiceImage.fromEcrRepository)')),
      false,
      'an image from an existing ECR repository',
    );
  }

  /**
   * An image from a public or private registry, such as `public.ecr.aws/nginx/nginx:1.27`.
   *
   * Note that tasks with restricted egress (PRODUCTION) reach only the AWS endpoints they
   * need and the allow-list you give: a registry outside ECR must be on that allow-list.
   *
   * @param name the image name, with registry and tag
   */
  public static fromRegistry(name: string): ServiceImage {
    if (name.trim() === '' || /\s/.test(name)) {
      throw new Error(`image (ServiceImage.fromRegistry): '${name}' is not an image name. Give a name such as 'public.ecr.aws/nginx/nginx:1.27'.`);
    }
    return new ContainerImageWrapper(ecs.ContainerImage.fromRegistry(name), false, `the registry image ${name}`);
  }

  /**
   * Any `ecs.ContainerImage`, for example a Docker image asset built from your own directory.
   *
   * @param image the container image
   */
  public static fromContainerImage(image: ecs.ContainerImage): ServiceImage {
    return new ContainerImageWrapper(image, false, 'a container image given by the caller');
  }

  /**
   * True for the sample application shipped with the library.
   *
   * @internal
   */
  public get _isSampleApp(): boolean {
    return false;
  }

  /**
   * Resolve the image against the construct's own repository. Only the factories' images
   * can: a subclass made in any language (jsii lets Python, Java, .NET and Go subclass this
   * class) lands here.
   *
   * `cpuArchitecture` is the task's (X86_64 when absent): the sample app is built for it.
   *
   * @internal
   */
  public _resolve(_ownRepository: ecr.IRepository, _cpuArchitecture?: ecs.CpuArchitecture): ResolvedServiceImage {
    throw new Error(
      'image: this ServiceImage was not made by one of its static factories, and a subclass cannot give the construct an image. ' +
        'Use ServiceImage.fromContainerImage(image) for any ecs.ContainerImage, or sampleApp(), fromOwnRepository(tag), ' +
        'fromEcrRepository(repository, tag) or fromRegistry(name).',
    );
  }
}

/**
 * The image a service runs: the one given, or the sample app; a clear error for anything that
 * is not a ServiceImage (a plain object from another jsii language, a container image).
 *
 * @internal
 */
export function imageOrSampleApp(image: ServiceImage | undefined): ServiceImage {
  const chosen = image ?? ServiceImage.sampleApp();
  if (!(chosen instanceof ServiceImage)) {
    throw new Error(
      'image: expected a ServiceImage. Use ServiceImage.sampleApp(), ServiceImage.fromOwnRepository(tag), ServiceImage.fromEcrRepository(...), ' +
        'ServiceImage.fromRegistry(name) or ServiceImage.fromContainerImage(image).',
    );
  }
  return chosen;
}

class SampleAppImage extends ServiceImage {
  public get _isSampleApp(): boolean {
    return true;
  }
  public _resolve(_ownRepository: ecr.IRepository, cpuArchitecture?: ecs.CpuArchitecture): ResolvedServiceImage {
    const arm64 = cpuArchitecture?._cpuArchitecture === ecs.CpuArchitecture.ARM64._cpuArchitecture;
    return {
      containerImage: ecs.ContainerImage.fromAsset(SAMPLE_APP_DIRECTORY, {
        // Built for the task's architecture, whatever the workstation's.
        platform: arm64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
      }),
      isSampleApp: true,
      usesOwnRepository: false,
      description: "the sample application shipped with the library, a Docker image asset that cdk deploy pushes to the CDK bootstrap's container-assets repository",
    };
  }
}

class OwnRepositoryImage extends ServiceImage {
  private readonly tag: string;
  constructor(tag: string) {
    super();
    this.tag = checkTag(tag, 'image (ServiceImage.fromOwnRepository)');
  }
  public _resolve(ownRepository: ecr.IRepository): ResolvedServiceImage {
    return {
      containerImage: ecs.ContainerImage.fromEcrRepository(ownRepository, this.tag),
      isSampleApp: false,
      usesOwnRepository: true,
      description: `the tag ${this.tag} in the construct's own ECR repository`,
    };
  }
}

class ContainerImageWrapper extends ServiceImage {
  constructor(
    private readonly image: ecs.ContainerImage,
    private readonly sample: boolean,
    private readonly description: string,
  ) {
    super();
  }
  public _resolve(): ResolvedServiceImage {
    return { containerImage: this.image, isSampleApp: this.sample, usesOwnRepository: false, description: this.description };
  }
}

function checkTag(tag: string, property: string): string {
  if (!TAG_PATTERN.test(tag) && !DIGEST_PATTERN.test(tag)) {
    throw new Error(
      `${property}: '${tag}' is not an image tag or digest. A tag is 1-128 characters of letters, digits, '_', '.' and '-' ` +
        "(not starting with '.' or '-'); a digest is 'sha256:' followed by 64 hex digits.",
    );
  }
  return tag;
}

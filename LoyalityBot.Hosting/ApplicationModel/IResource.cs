namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>A named part of the application: a server, a database, a project or a parameter (Aspire's IResource).</summary>
public interface IResource
{
    string Name { get; }

    List<IResourceAnnotation> Annotations { get; }
}

/// <summary>Marker for the metadata attached to a resource (endpoints, references, waits, replicas...).</summary>
public interface IResourceAnnotation;

/// <summary>A resource that other resources reference through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    ReferenceExpression ConnectionStringExpression { get; }
}

/// <summary>A resource that lives inside another one (a database inside its server).</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}

/// <summary>A resource with network endpoints that can be referenced and health-checked.</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource that receives environment variables (projects).</summary>
public interface IResourceWithEnvironment : IResource;

/// <summary>A resource that can be waited for with <c>WaitFor</c>.</summary>
public interface IResourceWithWaitSupport : IResource;

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = ResourceNames.Validate(name);

    public List<IResourceAnnotation> Annotations { get; } = [];

    public override string ToString() => Name;
}

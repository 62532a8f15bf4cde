using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Orchestron.Architecture.Tests.Support;

/// <summary>
/// Collects the types of the assembly itself that one type definition uses: base type, interfaces, generic
/// constraints, attributes, field, property, event and method signatures, and in method bodies the locals,
/// caught exceptions and every type, field and method the IL refers to (for a member, its declaring type).
/// Types of other assemblies are left out: they cannot take part in a namespace cycle of this one.
/// </summary>
/// <remarks>Signatures are decoded for their side effect: the decoded value itself is not used.</remarks>
internal sealed class UsedTypeDefinitions(MetadataReader reader, PEReader image) : ISignatureTypeProvider<bool, object?>
{
    private readonly HashSet<TypeDefinitionHandle> _found = [];

    public IReadOnlySet<TypeDefinitionHandle> Found => _found;

    public void AddUsesOf(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        AddEntity(type.BaseType);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            AddEntity(reader.GetInterfaceImplementation(implementation).Interface);
        }

        AddConstraints(type.GetGenericParameters());
        AddAttributes(type.GetCustomAttributes());
        foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
        {
            field.DecodeSignature(this, null);
            AddAttributes(field.GetCustomAttributes());
        }

        foreach (var property in type.GetProperties().Select(reader.GetPropertyDefinition))
        {
            property.DecodeSignature(this, null);
            AddAttributes(property.GetCustomAttributes());
        }

        foreach (var typeEvent in type.GetEvents())
        {
            AddEntity(reader.GetEventDefinition(typeEvent).Type);
        }

        foreach (var method in type.GetMethods().Select(reader.GetMethodDefinition))
        {
            AddMethod(method);
        }
    }

    private void AddMethod(MethodDefinition method)
    {
        method.DecodeSignature(this, null);
        AddConstraints(method.GetGenericParameters());
        AddAttributes(method.GetCustomAttributes());
        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var body = image.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
        }

        foreach (var region in body.ExceptionRegions)
        {
            AddEntity(region.CatchType);
        }

        foreach (var token in IlTokens.In(body))
        {
            AddEntity(token);
        }
    }

    private void AddConstraints(GenericParameterHandleCollection parameters)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
            {
                AddEntity(reader.GetGenericParameterConstraint(constraint).Type);
            }
        }
    }

    private void AddAttributes(CustomAttributeHandleCollection attributes)
    {
        foreach (var attribute in attributes)
        {
            AddEntity(reader.GetCustomAttribute(attribute).Constructor);
        }
    }

    private void AddEntity(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                _found.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
            case HandleKind.FieldDefinition:
                _found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MethodDefinition:
                _found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                AddEntity(reader.GetMemberReference((MemberReferenceHandle)handle).Parent);
                break;
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddEntity(specification.Method);
                specification.DecodeSignature(this, null);
                break;
            case HandleKind.StandaloneSignature:
                var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method)
                {
                    signature.DecodeMethodSignature(this, null);
                }

                break;
        }
    }

    public bool GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => _found.Add(handle);

    public bool GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public bool GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => false;

    public bool GetArrayType(bool elementType, ArrayShape shape) => false;

    public bool GetByReferenceType(bool elementType) => false;

    public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;

    public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;

    public bool GetGenericMethodParameter(object? genericContext, int index) => false;

    public bool GetGenericTypeParameter(object? genericContext, int index) => false;

    public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => false;

    public bool GetPinnedType(bool elementType) => false;

    public bool GetPointerType(bool elementType) => false;

    public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;

    public bool GetSZArrayType(bool elementType) => false;
}

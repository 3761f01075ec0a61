using Amazon.DynamoDBv2.Model;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// Builds one conditional UpdateItem: every attribute through a placeholder name (so no DynamoDB reserved word can
/// bite) and only the placeholders used (DynamoDB rejects unused ones).
/// </summary>
internal sealed class ConditionalUpdate
{
    private readonly List<string> _set = [];
    private readonly List<string> _remove = [];
    private readonly List<string> _add = [];
    private readonly List<string> _conditions = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeValue> _values = new(StringComparer.Ordinal);

    public ConditionalUpdate Set(string attribute, AttributeValue value)
    {
        _set.Add($"{Name(attribute)} = {Value(value)}");
        return this;
    }

    public ConditionalUpdate Remove(string attribute)
    {
        _remove.Add(Name(attribute));
        return this;
    }

    public ConditionalUpdate Add(string attribute, AttributeValue value)
    {
        _add.Add($"{Name(attribute)} {Value(value)}");
        return this;
    }

    public ConditionalUpdate WhereEquals(string attribute, AttributeValue value)
    {
        _conditions.Add($"{Name(attribute)} = {Value(value)}");
        return this;
    }

    /// <summary>No item with this key exists yet, or its <paramref name="attribute"/> equals <paramref name="value"/>.</summary>
    public ConditionalUpdate WhereNewOrEquals(string attribute, AttributeValue value)
    {
        _conditions.Add($"(attribute_not_exists({Name(LeaseAttributes.LeaseKey)}) OR {Name(attribute)} = {Value(value)})");
        return this;
    }

    public ConditionalUpdate WhereAbsent(string attribute)
    {
        _conditions.Add($"attribute_not_exists({Name(attribute)})");
        return this;
    }

    /// <summary>
    /// The item is a lease (<see cref="LeaseItemMapper.IsLease"/>): no <c>entityType</c>, or LEASE. Guards every lease
    /// write, so that no condition on other attributes can ever let one rewrite the KCL's non-lease items.
    /// </summary>
    public ConditionalUpdate WhereLease()
    {
        var type = Name(LeaseAttributes.EntityType);
        _conditions.Add($"(attribute_not_exists({type}) OR {type} = {Value(LeaseItemMapper.String(LeaseAttributes.LeaseEntityType))})");
        return this;
    }

    /// <summary>Equal to <paramref name="value"/>, or absent when it is null (an unowned lease has no <c>leaseOwner</c>).</summary>
    public ConditionalUpdate WhereStringIs(string attribute, string? value) =>
        value is null ? WhereAbsent(attribute) : WhereEquals(attribute, LeaseItemMapper.String(value));

    public UpdateItemRequest ToUpdateRequest(string tableName, string leaseKey)
    {
        var clauses = new List<string>();
        if (_set.Count > 0)
        {
            clauses.Add("SET " + string.Join(", ", _set));
        }

        if (_remove.Count > 0)
        {
            clauses.Add("REMOVE " + string.Join(", ", _remove));
        }

        if (_add.Count > 0)
        {
            clauses.Add("ADD " + string.Join(", ", _add));
        }

        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = KeyOf(leaseKey),
            UpdateExpression = string.Join(" ", clauses),
            ConditionExpression = Condition,
            ExpressionAttributeNames = _names,
            ExpressionAttributeValues = Values,
        };
    }

    public DeleteItemRequest ToDeleteRequest(string tableName, string leaseKey) => new()
    {
        TableName = tableName,
        Key = KeyOf(leaseKey),
        ConditionExpression = Condition,
        ExpressionAttributeNames = _names,
        ExpressionAttributeValues = Values,
    };

    public static Dictionary<string, AttributeValue> KeyOf(string leaseKey) =>
        new(StringComparer.Ordinal) { [LeaseAttributes.LeaseKey] = LeaseItemMapper.String(leaseKey) };

    private string Condition => string.Join(" AND ", _conditions);

    // An empty map is an error to DynamoDB; null (not sent) is not.
    private Dictionary<string, AttributeValue>? Values => _values.Count > 0 ? _values : null;

    private string Name(string attribute)
    {
        if (!_placeholders.TryGetValue(attribute, out var placeholder))
        {
            placeholder = "#a" + _placeholders.Count;
            _placeholders[attribute] = placeholder;
            _names[placeholder] = attribute;
        }

        return placeholder;
    }

    private string Value(AttributeValue value)
    {
        var placeholder = ":v" + _values.Count;
        _values[placeholder] = value;
        return placeholder;
    }
}

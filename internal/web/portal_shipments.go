package web

import (
	"context"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// shipmentStatuses returns the status of the latest shipment of each of
// orders that has one, by order id: the status column of /portal/orders.
// The store keeps it to the actor's scope, as the orders themselves.
func (s *Server) shipmentStatuses(ctx context.Context, orders []crm.Order) (map[int64]string, error) {
	out := map[int64]string{}
	if len(orders) == 0 {
		return out, nil
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	// The latest shipped first: the first seen of an order is its latest.
	for offset := 0; ; offset += store.MaxPageSize {
		ss, total, err := s.st.Shipments(ctx, store.ShipmentQuery{OrderIDs: ids, Limit: store.MaxPageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, sh := range ss {
			if _, ok := out[sh.OrderID]; !ok {
				out[sh.OrderID] = sh.Status
			}
		}
		if offset+store.MaxPageSize >= total {
			return out, nil
		}
	}
}
